package com.waybillguard.waybill.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MaskingTest {

    @Test
    void namesKeepTheFirstCharacterOnly() {
        assertEquals("张**", Masking.name("张三丰"));
        assertEquals("李*", Masking.name("李雷"));
        assertEquals("欧***", Masking.name("欧阳娜娜"));
        assertEquals("王", Masking.name("王"));
        assertEquals("J***", Masking.name("John"));
    }

    @Test
    void namesCountCodePointsNotChars() {
        // U+20BB7 (𠮷) is outside the BMP: one character, two UTF-16 units
        assertEquals("𠮷*", Masking.name("𠮷野"));
        assertEquals("张*", Masking.name("张𠮷"));
    }

    @Test
    void phonesShowTheLastFourDigitsOnly() {
        assertEquals("*******5678", Masking.phone("13812345678"));
        assertEquals("*******5678", Masking.phone("+86 138-1234-5678"));
        assertEquals("*******5678", Masking.phone("0086 138 1234 5678"));
        assertEquals("*******5678", Masking.phone("(138) 1234-5678"));
        assertEquals("*******4321", Masking.phone("139-8765-4321"));
        assertEquals("***", Masking.phone("123"));
    }
}
