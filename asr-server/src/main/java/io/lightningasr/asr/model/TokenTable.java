package io.lightningasr.asr.model;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output vocabulary of a CTC model, read from a sherpa-onnx {@code tokens.txt}: one {@code <symbol> <id>}
 * per line, ids dense from 0. Symbols are characters (NeMo char models, where a line holding only an id is the
 * space character) or SentencePiece pieces (NeMo BPE models, where a leading {@code ▁} starts a word and
 * {@code <0xNN>} pieces are UTF-8 byte fallback). The blank is {@code <blk>}, {@code <eps>} or {@code <blank>},
 * else the last id, as in NeMo.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TokenTable {

    /** The SentencePiece word-start marker, U+2581. */
    public static final String WORD_START = "\u2581";

    private static final Set<String> BLANK_SYMBOLS = Set.of("<blk>", "<eps>", "<blank>");
    private static final Pattern BYTE_PIECE = Pattern.compile("<0x([0-9A-Fa-f]{2})>");
    private static final Pattern SPECIAL = Pattern.compile("<[^<>\\s]+>|</[^<>\\s]+>");

    private final String[] symbols;
    private final int blankId;

    private TokenTable(String[] symbols, int blankId) {
        this.symbols = symbols;
        this.blankId = blankId;
    }

    /**
     * Reads a {@code tokens.txt} file.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a line is malformed or the ids are not exactly {@code 0 .. V-1};
     *     the message names the file and the line
     */
    public static TokenTable load(Path file) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not valid UTF-8 text", e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses {@code tokens.txt} content.
     *
     * @param source the file name used in error messages
     */
    public static TokenTable parse(String text, String source) {
        List<String> byId = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            if (line.isBlank() && !line.contains(" ")) {
                continue;
            }
            int lineNumber = n + 1;
            int split = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            String idText = line.substring(split + 1);
            // A space token is written as " <id>" or, once trimmed by an editor, as "<id>" alone.
            String symbol = split < 0 ? " " : line.substring(0, split);
            if (symbol.isEmpty()) {
                symbol = " ";
            }
            int id;
            try {
                id = Integer.parseInt(idText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " line " + lineNumber
                        + ": expected '<symbol> <id>' with an integer id, got '" + line + "'");
            }
            if (id < 0) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": negative id " + id);
            }
            while (byId.size() <= id) {
                byId.add(null);
            }
            if (byId.get(id) != null) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": id " + id
                        + " is used twice ('" + byId.get(id) + "' and '" + symbol + "')");
            }
            byId.set(id, symbol);
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException(source + ": no tokens");
        }
        int missing = byId.indexOf(null);
        if (missing >= 0) {
            throw new IllegalArgumentException(source + ": ids must be dense 0.." + (byId.size() - 1)
                    + " but id " + missing + " is missing");
        }
        String[] symbols = byId.toArray(String[]::new);
        int blank = symbols.length - 1;
        for (int i = 0; i < symbols.length; i++) {
            if (BLANK_SYMBOLS.contains(symbols[i])) {
                blank = i;
                break;
            }
        }
        return new TokenTable(symbols, blank);
    }

    /** Returns the number of tokens, V. */
    public int size() {
        return symbols.length;
    }

    /** Returns the id of the CTC blank. */
    public int blankId() {
        return blankId;
    }

    /** Returns the symbol of {@code id}. */
    public String symbol(int id) {
        return symbols[id];
    }

    /** Returns true when {@code id} is the space character of a char model, a word boundary. */
    public boolean isSpace(int id) {
        return symbols[id].equals(" ") || symbols[id].equals("<space>");
    }

    /** Returns the byte value of a {@code <0xNN>} byte-fallback piece, or -1 for any other token. */
    public int byteValue(int id) {
        Matcher m = BYTE_PIECE.matcher(symbols[id]);
        return m.matches() ? Integer.parseInt(m.group(1), 16) : -1;
    }

    /**
     * Returns true for tokens that carry no text: the blank and other bracketed symbols such as {@code <unk>},
     * {@code <s>} or {@code <pad>}, but not byte-fallback pieces or the space.
     */
    public boolean isSpecial(int id) {
        return id == blankId || (SPECIAL.matcher(symbols[id]).matches() && byteValue(id) < 0 && !isSpace(id));
    }

    @Override
    public String toString() {
        return "TokenTable[size=" + symbols.length + ", blank=" + blankId + " '" + symbols[blankId] + "', first="
                + Arrays.asList(symbols).subList(0, Math.min(5, symbols.length)) + "]";
    }
}
