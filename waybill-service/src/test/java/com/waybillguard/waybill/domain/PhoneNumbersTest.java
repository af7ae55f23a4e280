package com.waybillguard.waybill.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneNumbersTest {

    @ParameterizedTest(name = "accepts {0}")
    @ValueSource(strings = {"13812345678", "139 8765 4321", "138-1234-5678", "+86 138-1234-5678", "+8613812345678",
            "0086 138 1234 5678", "(+86) 138 1234 5678", "0310-6812345", "(0310)6812345", "(0310) 681 2345",
            "010-88886666", "01088886666", "+86 10 8888 6666", "+86 310 6812345", "+86 0310 6812345",
            "0310-6812345 转 123", "0310-6812345 ext. 8001", "010-88886666x12", "0310-6812345#8", "  13812345678  "})
    void acceptsMobilesAndLandlines(String phone) {
        assertTrue(PhoneNumbers.isValid(phone), phone);
    }

    @ParameterizedTest(name = "rejects {0}")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "12345", "1234", "95338", "1381234567", "138123456789", "12812345678",
            "138-1234-567a", "13812345678 转 1", "+1 415 555 0100", "+44 20 7946 0958", "１３８１２３４５６７８",
            "0310-681234", "0310-123456789", "abc", "13812345678\n", "+86", "++8613812345678",
            "138 1234 5678 1234 5678 1234 5678 9", "0310-6812345 转 1234567"})
    void rejectsEverythingElse(String phone) {
        assertFalse(PhoneNumbers.isValid(phone), phone);
    }
}
