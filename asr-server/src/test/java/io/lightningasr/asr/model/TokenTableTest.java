package io.lightningasr.asr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenTableTest {

    @Test
    void bpeTableFindsBlankByName() {
        TokenTable table = TokenTable.parse("<unk> 0\n▁the 1\ns 2\n<blk> 3\n", "tokens.txt");

        assertEquals(4, table.size());
        assertEquals(3, table.blankId());
        assertEquals("▁the", table.symbol(1));
        assertTrue(table.isSpecial(0));
        assertFalse(table.isSpecial(1));
    }

    @Test
    void blankDefaultsToLastId() {
        TokenTable table = TokenTable.parse("a 0\nb 1\nc 2\n", "tokens.txt");

        assertEquals(2, table.blankId());
    }

    @Test
    void epsIsBlank() {
        assertEquals(0, TokenTable.parse("<eps> 0\na 1\n", "t").blankId());
        assertEquals(1, TokenTable.parse("a 0\n<blank> 1\nb 2\n", "t").blankId());
    }

    @Test
    void charTableReadsSpaceLine() {
        TokenTable table = TokenTable.parse("  0\na 1\n' 2\n<blk> 3\n", "tokens.txt");

        assertEquals(" ", table.symbol(0));
        assertTrue(table.isSpace(0));
        assertFalse(table.isSpecial(0));
    }

    @Test
    void bareIdLineIsSpace() {
        TokenTable table = TokenTable.parse("0\na 1\n", "tokens.txt");

        assertTrue(table.isSpace(0));
    }

    @Test
    void bytePiecesHaveByteValues() {
        TokenTable table = TokenTable.parse("<0xC3> 0\n<0xa9> 1\na 2\n<blk> 3\n", "t");

        assertEquals(0xC3, table.byteValue(0));
        assertEquals(0xA9, table.byteValue(1));
        assertEquals(-1, table.byteValue(2));
        assertFalse(table.isSpecial(0));
    }

    @Test
    void linesInIdOrderAreNotRequired() {
        TokenTable table = TokenTable.parse("b 1\r\na 0\r\n", "t");

        assertEquals("a", table.symbol(0));
        assertEquals("b", table.symbol(1));
    }

    @Test
    void missingIdIsRejectedNamingFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenTable.parse("a 0\nb 2\n", "/m/tokens.txt"));

        assertTrue(e.getMessage().contains("/m/tokens.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("id 1 is missing"), e.getMessage());
    }

    @Test
    void duplicateIdIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenTable.parse("a 0\nb 0\n", "tokens.txt"));

        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void nonIntegerIdIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenTable.parse("a 0\nb x\n", "tokens.txt"));

        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tokens.txt"), "\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenTable.load(file));

        assertTrue(e.getMessage().contains("no tokens"), e.getMessage());
    }
}
