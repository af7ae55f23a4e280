package com.waybillguard.waybill.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskingTest {

    @ParameterizedTest(name = "name {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            张三丰           | 张**
            李雷             | 李*
            欧阳娜娜          | 欧***
            司马相如          | 司***
            阿卜杜·热合曼     | 阿******
            迪丽热巴·迪力木拉提 | 迪*********
            John             | J***
            John Smith       | J*********
            O'Brien          | O******
            José             | J***
            "  张三  "        | 张*
            王               | *
            W                | *
            𠮷野             | 𠮷*
            张𠮷             | 张*
            𠮷               | *
            """)
    void namesKeepTheFirstCharacterOnly(String name, String masked) {
        assertEquals(masked, Masking.name(name));
    }

    @ParameterizedTest(name = "blank name ''{0}''")
    @ValueSource(strings = {"", " ", "\t", "\u3000"})
    void blankNamesMaskToEmpty(String name) {
        assertEquals("", Masking.name(name));
    }

    @Test
    void absentValuesStayAbsent() {
        assertNull(Masking.name(null));
        assertNull(Masking.phone(null));
    }

    @ParameterizedTest(name = "phone {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            13812345678            | *******5678
            +86 138-1234-5678      | *******5678
            +8613812345678         | *******5678
            0086 138 1234 5678     | *******5678
            008613812345678        | *******5678
            (+86) 138 1234 5678    | *******5678
            +86-138-1234-5678      | *******5678
            (138) 1234-5678        | *******5678
            138.1234.5678          | *******5678
            139-8765-4321          | *******4321
            １３８１２３４５６７８    | *******5678
            0310-6812345           | *******2345
            (0310)6812345          | *******2345
            （0310）6812345          | *******2345
            010-88886666           | *******6666
            +86 10 8888 6666       | ******6666
            0310-6812345 转 123     | *******2345
            0310-6812345-ext.123   | *******2345
            0310 6812345 x12       | *******2345
            0310-6812345#8         | *******2345
            95338                  | *5338
            12345                  | *2345
            1234                   | ****
            123                    | ***
            1                      | *
            138abc1234de5678       | *******5678
            """)
    void phonesShowTheLastFourDigitsOnly(String phone, String masked) {
        assertEquals(masked, Masking.phone(phone));
    }

    @ParameterizedTest(name = "no digits in ''{0}''")
    @ValueSource(strings = {"", " ", "unknown", "+86", "---"})
    void phonesWithoutDigitsMaskToEmpty(String phone) {
        assertEquals("", Masking.phone(phone));
    }

    @ParameterizedTest(name = "never more than four digits of {0}")
    @ValueSource(strings = {"13812345678", "+86 138-1234-5678", "0310-6812345 转 8001", "12345", "1234", "99",
            "+85291234567", "1-800-555-0199", "00 44 20 7946 0958", "138 1234 5678 ext 9999", "２０２６１１２８"})
    void maskedPhonesRevealAtMostTheLastFourDigits(String phone) {
        String masked = Masking.phone(phone);
        String digits = Masking.normalisePhone(phone);
        assertTrue(masked.matches("^\\**[0-9]{0,4}$"), masked);
        long shown = masked.chars().filter(Character::isDigit).count();
        assertTrue(shown <= 4, masked);
        if (digits.length() <= 4) {
            assertEquals(0, shown, masked);
        } else {
            assertTrue(digits.endsWith(masked.replace("*", "")), masked);
            assertFalse(masked.contains(digits), masked);
        }
    }
}
