// commands.hpp — the subcommands of the `yishi` tool. Each one adds itself to the app with its own
// flags and help, and on success of parsing stores its exit status in `exit_code`
// (0 done, 1 bad arguments or rules, 2 bad input; `audit` adds 3, docs/audit.md). One file per subcommand.
#pragma once
namespace CLI { class App; }

namespace yishi::tool {

void add_tally_command(CLI::App& app, int& exit_code);   // `yishi tally`: count ballots from stdin
void add_sign_command(CLI::App& app, int& exit_code);    // `yishi sign-envelopes`: JSON lines in, signed wires out
void add_verify_command(CLI::App& app, int& exit_code);  // `yishi verify BUNDLE`: recheck an export offline
void add_groups_command(CLI::App& app, int& exit_code);  // `yishi groups FILE`: the opinion map of a deliberation
void add_audit_command(CLI::App& app, int& exit_code);   // `yishi audit URL --dir D`: mirror and check the whole log
void add_witness_command(CLI::App& app, int& exit_code); // `yishi witness --dir D --log O=K`: cosign checkpoints

}  // namespace yishi::tool
