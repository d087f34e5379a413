// i18n.hpp — the message catalog: every user-visible string, in Simplified Chinese and English.
//
// Views never hold literal text; they ask tr(Msg, Lang). Simplified Chinese is the default and the
// reference: a message without an English text falls back to Chinese, never to a blank.
#pragma once
#include <string>
#include <string_view>

namespace yishi::core {

enum class Lang { ZhCN, En };  // zh-CN first

enum class Msg {
    AppTitle,            // window and page title
    Tagline,             // one line under the title
    Intro,               // what residents do here
    CycleHeading,        // heading of the consultation cycle
    StageNeeds,          // 需求征集
    StageNeedsHelp,
    StageDeliberate,     // 民主协商
    StageDeliberateHelp,
    StageDecide,         // 项目决策
    StageDecideHelp,
    StageEvaluate,       // 绩效评估
    StageEvaluateHelp,
    SwitchLanguage,      // the button that switches to the other language
    LanguageLabel,       // "语言 / Language" beside it
    ServerChecking,      // while /api/health is pending
    ServerOnline,        // followed by the version
    ServerOffline,       // when /api/health failed
    NavHome,             // navigation: the home screen
    NavDirectory,        // navigation: the organisation directory
    DirHeading,          // 社会组织名录
    DirSearchLabel,      // label of the search field
    DirSearchHint,       // placeholder in the search field
    DirDistrict,         // label of the district filter
    DirAllDistricts,
    DirType,             // label of the type filter
    DirAllTypes,
    DirTotal,            // "{n}" is replaced by the number of matches
    DirSearching,
    DirNoResults,
    DirLoadMore,
    DirBack,
    DirFailed,           // followed by the server's message
    DirNoCode,           // filed community organisations without a credit code
    DirLocalReady,       // the local copy is complete: "{n}" organisations, searchable offline
    DirSyncing,          // downloading the local copy: "{n}" received so far
    DirKeepCopy,         // checkbox: keep the local copy on this device (off: searches always ask the server)
    OrgTypeSocialGroup,
    OrgTypeSocialService,
    OrgTypeFoundation,
    OrgTypeCommunity,
    OrgStatusActive,
    OrgStatusDeregistered,
    OrgStatusRevoked,
    FieldCreditCode,
    FieldType,
    FieldAuthority,
    FieldDistrict,
    FieldCommunity,
    FieldCategories,
    FieldAddress,
    FieldContact,
    FieldStatus,
    FieldRegistered,
    FieldVolunteers,
    FieldAbout,
    // [regions and lifecycle] region levels, and why a submission is refused now (consultation.hpp)
    RegionCity,          // 市
    RegionDistrict,      // 区/县级市
    RegionStreet,        // 街道/镇
    RegionCommunity,     // 社区/村
    RegionGrid,          // 网格
    RefusedNotStarted,   // not_started
    RefusedStageOver,    // stage_over
    RefusedNotYet,       // wrong_stage: the kind's stage is still to come
    RefusedClosed,       // consultation_closed
    RefusedWrongRegion,  // wrong_region
    ResultsHidden,       // results hidden until the vote stage has ended
    // [feedback] resident feedback and the committee queue
    NavFeedback,         // navigation: resident feedback
    NavQueue,            // navigation: the committee's queue
    FbTitle,             // feedback screen heading
    FbPublicNote,        // privacy note
    FbIdentity,          // label before the public key
    FbEnrolHeading,      // enrolment section
    FbJoinFirst, // feedback: not a member yet, join on 我的 first
    FbGoJoin, // feedback: the button to 我的's join form
    FbRegion,            // region id field
    FbNew,               // new feedback section
    FbCategory,          // category combo
    FbText,              // feedback text field
    FbSend,              // send button
    FbSent,              // after sending
    FbMine,              // my feedback section
    FbNone,              // empty list
    FbStatusReceived,    // status
    FbStatusAccepted,    // status
    FbStatusInProgress,  // status
    FbStatusResolved,    // status
    FbStatusDeclined,    // status
    FbCatEnvironment,    // category
    FbCatSafety,         // category
    FbCatFacilities,     // category
    FbCatServices,       // category
    FbCatNeighbours,     // category
    FbCatOther,          // category
    FbScore,             // rating score combo
    FbRemark,            // rating remark field
    FbRate,              // rating button
    FbRated,             // the rating given
    FbRefresh,           // reload lists
    FbShow,              // load the queue of a region
    FbAnswerText,        // answer field
    FbSetTo,             // before the next-status buttons
    FbQueueEmpty,        // empty queue
    FbCommitteeNote,     // committee note
    FbErrReason,         // feedback error shown to the user
    FbErrNotEnrolled,    // feedback error shown to the user
    FbErrBadCode,        // feedback error shown to the user
    FbErrNotCommittee,   // feedback error shown to the user
    FbErrWrongRegion,    // feedback error shown to the user
    FbErrStep,           // feedback error shown to the user
    FbErrOffline,        // feedback error shown to the user
    FbErrRegion,         // feedback error shown to the user
    // [journeys] consultation journeys: identity, outbox, enrolment, consultation page, voting
    NavMe, // navigation: identity, enrolment, outbox
    KeyExplain, // first visit: why there is a key
    KeyLabel, // followed by the key's first hex digits
    EnrollHeading, // heading of the enrolment form
    EnrollHelp,
    EnrollCode, // field
    EnrollName, // field
    EnrollRegion, // field (region id) when the region list is not available
    EnrollButton, // button
    EnrolledAs, // followed by the region name
    NotEnrolled,
    BackupHeading,
    Passphrase, // field
    BackupButton, // button
    BackupDone,
    RestoreText, // field
    RestoreButton, // button
    RestoreDone,
    KeyWorking,
    OutboxWaiting, // outbox indicator
    OutboxAllSent,
    OutboxRetry, // button
    ConsultationsHeading, // home heading
    ConsultationsNone,
    Loading,
    LoadFailed, // followed by the reason
    StageClosed, // stage name
    Back, // button
    Timeline, // stage timeline heading
    Options,
    Organizations,
    CommentsHeading,
    CommentsCount,
    CommentHint, // placeholder
    CommentField, // field name
    StanceFor,
    StanceAgainst,
    StanceNeutral,
    Send, // button
    Reply, // button
    Report, // a comment: flag it for the moderators (举报)
    Reported, // a comment this device reported
    ReportConfirmTitle, // the report confirmation's title
    ReportConfirm, // what a report does
    ReportYes, // the confirmation's button
    ReplyingTo,
    CancelReply, // button
    Agree, // reaction
    Disagree, // reaction
    Pass, // reaction
    HiddenComment, // followed by the reason
    CommitteeVerified, // badge after a committee's name: the operator registered this key
    HiddenProposal, // a need a moderator hid, followed by the reason
    HiddenFeedback, // a feedback text a moderator hid, followed by the reason
    ProposalsHeading,
    ProposalTitle, // field
    ProposalText, // field
    ProposeButton, // button
    Support, // button
    SupportCount,
    VoteHeading,
    VoteButton, // button
    VoteChooseMax,
    VoteScoreMax,
    VoteBudgetCap,
    VoteBudgetUsed,
    VoteOverBudget,
    VoteRankHelp,
    Up, // button
    Down, // button
    UpNamed,    // accessible name of a ranked row's ↑: "{label}"
    DownNamed,  // accessible name of a ranked row's ↓: "{label}"
    VoteQueued,
    VoteCounted,
    VoteCheck, // button
    VoteCheckFailed,
    RateHeading,
    RateRemark, // field
    RateButton, // button
    RatedMean,
    ResultsHeading,
    ResultsBallots,
    Sent,
    Queued,
    ErrNotEnrolled,
    ErrWrongRegion,
    ErrWrongStage,
    ErrBadCode,
    ErrAlreadyEnrolled,
    ErrAlreadyBound,
    ErrBallotInvalid,
    ErrThreadTooDeep,
    ErrUnknownTarget,
    ErrUnknownConsultation,
    ErrReplayed,
    ErrTooLong,
    ErrOther, // followed by the code
    ErrWeakPassphrase,
    ErrWrongPassphrase,
    ErrCodeFormat,
    MethodPlurality, // voting method
    MethodApproval, // voting method
    MethodRanked, // voting method
    MethodScore, // voting method
    MethodBudget, // voting method
    MethodYesNo, // voting method
    Copy, // button: copy to the clipboard
    Copied, // a comment's text was copied (its long-press menu)
    CloseSummary, // heading: the committee's words when it closed the consultation
    GoToMe, // button: to 我的 to enrol
    OfflineCopy,         // offline: what is shown is the device's copy from the last visit
    // [committee] the committee's workspace and open-consultation wizard (view_committee*.cpp)
    CommitteeWorkspace, // button in 我的 and heading
    CommitteeOf,
    CommitteeNone,
    CommitteeAdvanceTo, // button, followed by the stage
    CommitteeClose, // button
    CommitteeSummary, // field
    CommitteeParticipation, // button and heading
    PartEnrolled,
    PartBallots,
    PartTurnout,
    PartComments,
    PartProposals,
    PartRatings,
    PartReactions,
    CommitteeOpenNew, // button
    WizardHeading, // heading
    WizTitle, // field
    WizDescription, // field
    WizScope, // label
    WizStages, // label
    WizOptions, // label
    WizOptionLabel, // field
    WizOptionCost, // field
    WizAddOption, // button
    WizRemove, // button
    WizMethod, // label
    WizApprovalMax, // field
    WizScoreMax, // field
    WizBudgetCap, // field
    WizCountingIrv, // radio
    WizCountingSchulze, // radio
    WizOrgs, // the organisations delivering the outcome, picked from the directory
    WizOrgSearch, // field: search the directory for one
    WizOrgRemove, // button: unlink a picked organisation
    WizSubmit, // button
    WizOpened,
    WizErrTitleEmpty,
    WizErrTitle,
    WizErrDescription,
    WizErrNoOptions,
    WizErrTooManyOptions,
    WizErrOptionLabel,
    WizErrOptionCost,
    WizErrApprovalMax,
    WizErrScoreMax,
    WizErrBudgetCap,
    WizErrYesNo,
    WizErrNoStages,
    WizErrStageDate,
    WizErrStageOrder,
    WizErrOrgs,
    WizErrOther,
    ErrNotCommittee,
    ErrConsultationExists,
    CommitteeRefresh, // button
    // [webbench] an organisation's page lists the consultations naming it
    OrgConsultations,     // heading on an organisation's page
    OrgConsultationsNone, // none name it
    NeedsCount,           // "{n} 条需求" on a consultation row of the home list
    CommentsShownFirst,   // under the comment count when only the first page is loaded
    // [moderation] the moderator's workspace and the exports (client/model/moderation.cpp)
    ModWorkspace, // button on 我的 and the workspace's heading
    ModIntro, // what a moderator does here
    ModRegion, // label before the moderated region
    ModRegionName, // field: the region chooser's name
    ModQueueEmpty, // nothing reported
    ModQueueCount, // "{n}" reported comments waiting
    ModReports, // "{n}" reports on one comment
    ModIn, // before the consultation's title
    ModListReported, // which list the workspace shows: reported comments
    ModListNeeds, // ... the region's needs (proposals)
    ModListFeedback, // ... the region's feedback texts
    ModListNames, // ... the region's display names
    ModListCount, // "{n}" items of the chosen list, newest first
    ModListEmpty, // the chosen list is empty
    ModRegionWide, // a need of the whole region (no consultation)
    ModHiddenName, // a display name a moderator hid, followed by the reason
    ModReason, // the reason field
    ModReasonHint, // its hint
    ModReasonAbuse, // quick-pick reason
    ModReasonAd, // quick-pick reason
    ModReasonPrivacy, // quick-pick reason
    ModHide, // button
    ModRestore, // button
    ModReasonRequired, // hide/restore without a reason
    ModHiddenNow, // the comment is hidden (with the reason after it)
    ModRestoredNow, // the comment was restored
    ModActedHeading, // heading: what this moderator acted on in this visit
    ModRefresh, // button: load the queue again
    ModNotModerator, // the key holds no moderator role
    ErrNotModerator, // refusal not_moderator
    ErrResultsHidden, // refusal results_hidden
    ExportCsv, // button
    ExportJson, // button
    ExportSaved, // the file was handed to the browser's downloads
    ExportFailed, // followed by the reason
    ExportHelp, // what the exports are for
    LogGrew, // after a vote check: the log extends the head this device saw ({n} → {m} entries)
    LogRewritten, // warning: the log does not extend the head this device saw
    LogCheckFailed, // the consistency proof could not be fetched
    CloseNeedsResults, // close pressed before the results are public
    CloseCounting, // the export is being fetched and checked before the close is signed
    CloseExportBad, // the published export did not check out (reason follows)
    ErrTallyMismatch, // refusal tally_mismatch
    CodesOpen, // button in the committee workspace: issue enrolment codes
    CodesHeading, // heading of the codes panel
    CodesHelp, // what the codes are for, and that they are shown only once
    CodesFor, // label: the community the codes enrol into
    CodesCount, // label: how many codes
    CodesDays, // label: days until they expire
    CodesIssue, // button: generate
    CodesIssuing, // while the server answers
    CodesIssued, // "{n} codes for" (region name and the expiry date follow)
    CodesSave, // button: download the printable sheet
    CodesSaved, // the sheet was handed to the downloads (file name follows)
    CodesCopy, // button: copy every code
    CodesErrCount, // count is not 1..200
    CodesErrDays, // days is not 1..365
    ErrRequestStale, // refusal request_stale (the device clock is off)
    ErrRequestReplayed, // refusal request_replayed
    SheetTitle, // printable sheet: title after the community name
    SheetHow, // printable sheet: how a resident uses a code
    SheetUntil, // printable sheet: "valid until" before the date
    SheetAddress, // printable sheet: before the portal's address
    SheetCut, // printable sheet: cut along the lines (screen only)
    CommentsMore, // button under the comments: load the next page
    CommentsOrder, // before the choice of the comments' order
    CommentsOldest, // the comments' order: oldest first
    CommentsNewest, // ... newest first
    CommentsMostAgreed, // ... most agreed first
    // [ui] the design system's frame (issue 17)
    TextLarge, // top-bar button: switch to 大字 (large text)
    TextStandard, // top-bar button: back to the standard text size
    TextSizeAsk, // first visit: offer large text
    NavDirectoryShort, // the directory tab when the full name does not fit the phone's tab bar
    NavQueueShort, // the feedback-queue tab when the full name does not fit the phone's tab bar
    DaysLeft, // card: "{n}" days until the stage ends
    EndsToday, // card: the stage ends within a day
    Participants, // card: "{n}" people took part (ballots)
    ChipVoted, // card: my ballot is in
    ChipNotVoted, // card: voting is open and I have not voted
    ConfirmTitle, // confirmation dialog: title
    ConfirmAdvance, // confirmation: advancing moves every resident to the next stage, cannot be undone
    ConfirmClose, // confirmation: closing ends the consultation and publishes the count, cannot be undone
    ConfirmYes, // confirmation dialog: go ahead
    ConfirmNo, // confirmation dialog: cancel
    ChinaTimeNote, // after a heading with dates, when the device is not on China time
    TimelinePlanned, // timeline: a stage reached before its planned date ({d}: that date)
    ResultWinner, // results: "{label}" won
    ResultNone, // results: no valid ballot, no outcome
    ResultPassed, // yes/no: passed
    ResultRejected, // yes/no: not passed (quorum met)
    ResultNoQuorum, // yes/no: not passed, too few took part ({q}: the quorum)
    ResultFunded, // budget: the funded projects ({names}) and money used ({spent} of {budget})
    ResultVotes, // a bar's count: "{n} votes"
    ResultRoundsHeading, // ranked (instant runoff): the rounds of the count, under the bars
    ResultRound, // one round: "Round {k}: {votes}" (each continuing option's votes)
    ResultRoundOut, // after a round: "{label}" had the fewest and is out
    ResultRoundWins, // after the last round: "{label}" has more than half
    ResultOrder, // ranked (Schulze) and score: the options' order, "{list}"
    ResultPairwise, // Schulze: the button that shows the head-to-head counts (closed)
    ResultPairwiseHide, // the same button once open
    ResultPairLine, // head to head: "{a}" over "{b}" by {x} voters to {y}
    ResultScoreLine, // score: "{label}", average {mean} of {max}, total {sum}
    Advanced, // 我的: the button that shows the key's details (closed)
    AdvancedHide, // the same button once open: hide them again
    KeyFingerprint, // 高级: followed by the key's short fingerprint
    KeyFullHelp, // 高级: why the whole key is shown under it (an operator registers it)
    YouVoted, // ballot: my ballot is in (coming back after voting)
    YourChoice, // ballot: followed by what I chose
    VoteReceiptPlain, // ballot: the plain receipt, details behind a tap
    ReceiptDetails, // ballot: the button that shows the receipt's details
    ReceiptHide, // ballot: hides the receipt's details again
    ReceiptEntry, // receipt details: "{n}" the public log's entry
    ReceiptBallotId, // receipt details: followed by the ballot's envelope id (hex)
    EnrollLookup, // join: finding the community the code belongs to
    // [audit] 已核验 only with a trusted witness's cosignature; 核验全部选票 (client/model/recount.hpp)
    VoteLoggedUnwitnessed, // receipt checked, no trusted witness cosigned the checkpoint ({n} = entry)
    WitnessForged, // a line naming a trusted witness does not verify; the witness's name follows
    RecountButton, // button on the results
    RecountHelp,
    RecountFetching,
    RecountProgress, // {n} of {m} ballots checked
    RecountVerified, // agrees and witnessed ({n} ballots); the witness's name follows
    RecountAgreesUnwitnessed, // agrees, no trusted cosignature ({n} ballots)
    RecountWitnessForged, // agrees, but a trusted witness's line is forged; the name follows
    RecountDisagrees,
    RecountProofFailed,
    RecountFetchFailed,
    RecountDetails, // disclosure
    RecountDetailLine, // log of {n} entries, {m} ms
    WitnessesTrusted, // followed by the names
    WitnessesNone,
    WitnessFingerprint, // followed by the short key ids
    // [opinion] statement cards and the opinion map (issue 22)
    OpinionHeading, // opinion map: the section heading
    OpinionCardsHeading, // statement cards: heading
    OpinionCardsHelp, // statement cards: what to do
    OpinionAgree, // statement card button
    OpinionDisagree, // statement card button
    OpinionPass, // statement card button
    OpinionRemaining, // statement cards: "{n}" statements left
    OpinionAllDone, // statement cards: none left
    OpinionNoStatements, // statement cards: nothing to react to
    OpinionProposal, // statement card: before a proposal's title
    OpinionSending, // statement cards: the last tap is on its way
    OpinionGroupSize, // map and table: "{g}" group letter, "{n}" members
    OpinionYouAreHere, // map: the resident's own position
    OpinionYourGroup, // table: "{g}" the resident's group
    OpinionNotPlaced, // table: "{n}" more reactions put the resident on the map
    OpinionSummary, // map: "{n}" people reacted, "{m}" groups
    OpinionTooFew, // map: no groups yet
    OpinionTableHeading, // the map as text (for screen readers and everyone)
    OpinionGroupAgrees, // "{g}" group: followed by a statement most of it agrees with
    OpinionGroupDisagrees, // "{g}" group: followed by a statement most of it disagrees with
    OpinionShare, // after a group statement: "{n}" of "{m}" who reacted
    OpinionEveryoneAgrees, // followed by a statement every group agrees with
    OpinionEveryoneDisagrees, // followed by a statement every group disagrees with
    OpinionNoConsensus, // no statement shared by every group yet
    OpinionSharedHeading, // heading of the statements everyone shares
    OpinionLoadFailed, // the matrix could not be read (error code follows)
    OpinionCommitteeHeading, // committee workspace: the consensus of a consultation, for drafting options
    Count_               // number of messages (not a message)
};

std::string_view tr(Msg m, Lang lang);           // the text of m in lang (falls back to zh-CN)
std::string_view lang_code(Lang lang);           // "zh-CN" or "en"
Lang other_lang(Lang lang);                      // the language a switch goes to
std::string catalog_text();                      // every message in every language, for glyph coverage

}  // namespace yishi::core
