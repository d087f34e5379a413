// test_i18n.cpp — the catalog: every message has both languages, and switching really switches.
#include <doctest/doctest.h>

#include "yishi/i18n.hpp"

using namespace yishi::core;

TEST_CASE("every message has a Chinese and an English text") {
    for (int i = 0; i < static_cast<int>(Msg::Count_); ++i) {
        auto m = static_cast<Msg>(i);
        CAPTURE(i);
        CHECK_FALSE(tr(m, Lang::ZhCN).empty());
        CHECK_FALSE(tr(m, Lang::En).empty());
    }
}

TEST_CASE("the language switch names the other language in that language") {
    CHECK(tr(Msg::SwitchLanguage, Lang::ZhCN) == "English");
    CHECK(tr(Msg::SwitchLanguage, Lang::En) == "中文");
    CHECK(other_lang(Lang::ZhCN) == Lang::En);
    CHECK(other_lang(Lang::En) == Lang::ZhCN);
    CHECK(lang_code(Lang::ZhCN) == "zh-CN");
}

TEST_CASE("the stage names follow the seed's project cycle") {
    CHECK(tr(Msg::StageNeeds, Lang::ZhCN) == "需求征集");
    CHECK(tr(Msg::StageDeliberate, Lang::ZhCN) == "民主协商");
    CHECK(tr(Msg::StageDecide, Lang::ZhCN) == "项目决策");
    CHECK(tr(Msg::StageEvaluate, Lang::ZhCN) == "绩效评估");
    CHECK(tr(Msg::StageDecide, Lang::En) == "Decide");
}

TEST_CASE("the catalog text covers both scripts for glyph building") {
    std::string all = catalog_text();
    CHECK(all.find("议事") != std::string::npos);
    CHECK(all.find("Deliberate") != std::string::npos);
}
