// test_credit_code.cpp — unified social credit codes: real codes pass, every kind of corruption fails.
#include <doctest/doctest.h>

#include <string>

#include "yishi/credit_code.hpp"

using namespace yishi::core;

// Real codes, published on business licences (and as validator test data in public repositories).
constexpr const char* kRealCodes[] = {
    "91350200776049653A", "91350500798359476R", "91350503MA31DKY80A", "91350200MA31E12PXF",
    "91440101MA5CJQ4N59", "913502000728319549", "123502001549897397", "913502115628130384",
    "9135021359498494XQ", "91350213678251743X",
};

TEST_CASE("real unified social credit codes are accepted") {
    for (const char* code : kRealCodes) {
        CAPTURE(code);
        CHECK(check_credit_code(code).ok());
    }
}

TEST_CASE("every single-character typo in a real code is caught") {
    const std::string good = "91440101MA5CJQ4N59";
    int caught = 0, tried = 0;
    for (size_t i = 0; i < good.size(); ++i) {
        for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
            if (c == good[i]) continue;
            std::string bad = good;
            bad[i] = c;
            ++tried;
            if (!check_credit_code(bad).ok()) ++caught;
        }
    }
    CHECK(caught == tried);
}

TEST_CASE("each corruption gets its own error") {
    CHECK(check_credit_code("91440101MA5CJQ4N5").error() == Error::CreditCodeLength);
    CHECK(check_credit_code("91440101MA5CJQ4N599").error() == Error::CreditCodeLength);
    CHECK(check_credit_code("").error() == Error::CreditCodeLength);
    CHECK(check_credit_code("91440101MA5CJQ4NO9").error() == Error::CreditCodeCharset);  // letter O
    CHECK(check_credit_code("91440101ma5cjq4n59").error() == Error::CreditCodeCharset);  // not normalised
    CHECK(check_credit_code("9144A101MA5CJQ4N59").error() == Error::CreditCodeDivision);
    CHECK(check_credit_code("91440101MA5CJQ4N49").error() == Error::CreditCodeOrgCheck);
    CHECK(check_credit_code("91440101MA5CJQ4N58").error() == Error::CreditCodeCheck);
    SUBCASE("swapping two characters") {
        CHECK_FALSE(check_credit_code("91440101AM5CJQ4N59").ok());
    }
}

TEST_CASE("user input is normalised before checking") {
    CHECK(normalize_credit_code(" 91440101ma5cjq4n59 ") == "91440101MA5CJQ4N59");
    CHECK(check_credit_code(normalize_credit_code("9144-0101-ma5c-jq4n-59")).ok());
}

TEST_CASE("completing 16 characters yields a valid code for generated organisations") {
    auto code = complete_credit_code("5132050800000001");
    REQUIRE(code.ok());
    CHECK(code->size() == kCreditCodeLength);
    CHECK(check_credit_code(code.value()).ok());
    CHECK(complete_credit_code("91440101MA5CJQ4N").value() == "91440101MA5CJQ4N59");
    CHECK(complete_credit_code("123").error() == Error::CreditCodeLength);
}
