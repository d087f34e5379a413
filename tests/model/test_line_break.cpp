// test_line_break.cpp — where the app breaks a line of Chinese and Latin text (views/line_break.hpp),
// measured with a made-up font: every Chinese character and full-width mark 2 units wide, everything
// else 1. The lines are what a reader of Chinese expects: filled to the edge, no line starting with
// "，" or "。", none ending with "（", and "3." kept with what follows when it fits.
#include <doctest/doctest.h>

#include <string>

#include "views/line_break.hpp"

using yishi::client::ui::break_lines;

namespace {

float advance(char32_t c) { return c < 0x2E80 ? 1.0f : 2.0f; }

std::string lines(std::string_view text, float width) { return break_lines(text, width, advance); }

}  // namespace

TEST_CASE("Chinese text fills each line and breaks between any two characters") {
    // ImGui alone put "3." on one line and the whole "绿化带改车位" on the next.
    CHECK(lines("2. 儿童阅读 3. 绿化带改车位", 20) == "2. 儿童阅读 3. 绿化\n带改车位");
    CHECK(lines("阅读 3. 绿化带改车位", 8) == "阅读\n3. 绿化\n带改车位");   // a list number starts its line
    CHECK(lines("平均 4.0 分", 8) == "平均 4.0\n分");                        // (a decimal is no list number)
    CHECK(lines("楼道里的灯坏了很久", 8) == "楼道里的\n灯坏了很\n久");
    CHECK(lines("短", 8) == "短");
    CHECK(lines("", 8).empty());
}

TEST_CASE("no line starts with closing punctuation nor ends with opening punctuation") {
    // "我同意。" at 6 units: "。" may not start a line, so "意" goes down with it.
    CHECK(lines("我同意。", 6) == "我同\n意。");
    CHECK(lines("好的，我们明天见", 6) == "好的，\n我们明\n天见");
    CHECK(lines("请看（附件）", 6) == "请看\n（附\n件）");
    CHECK(lines("老年活动 2、儿童阅读 1", 12) == "老年活动 2、\n儿童阅读 1");
    CHECK(lines("第一轮——淘汰", 8) == "第一轮——\n淘汰");
    CHECK(lines("第一轮——淘汰", 7) == "第一\n轮——淘\n汰");   // the dash neither starts a line nor is split
}

TEST_CASE("Latin words and numbers break only at spaces, and are cut only when wider than the line") {
    CHECK(lines("the quick brown fox", 10) == "the quick\nbrown fox");
    CHECK(lines("abcdefghij", 4) == "abcd\nefgh\nij");
    CHECK(lines("共 21000 个组织", 8) == "共 21000\n个组织");
    CHECK(lines("Yishi投票", 7) == "Yishi投\n票");
}

TEST_CASE("the author's line breaks are kept, spaces at a break dropped, characters beyond the BMP measured once") {
    CHECK(lines("第一行\n第二行", 20) == "第一行\n第二行");
    CHECK(lines("ab   cd", 3) == "ab\ncd");
    CHECK(lines("𠀀𪚥😀表情", 4) == "𠀀𪚥\n😀表\n情");
    // Every byte of the text is kept except the spaces at a break.
    const std::string text = "楼道里的𠀀和𪚥两个字，还有😀表情。 Yes, 3. 绿化带";
    std::string joined;
    for (char c : lines(text, 9)) if (c != '\n') joined += c;
    std::string spaceless;
    for (char c : text) if (c != ' ') spaceless += c;
    std::string joined_spaceless;
    for (char c : joined) if (c != ' ') joined_spaceless += c;
    CHECK(joined_spaceless == spaceless);
}
