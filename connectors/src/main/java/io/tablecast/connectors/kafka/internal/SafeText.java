package io.tablecast.connectors.kafka.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes text taken from a record safe to put in a dead letter's reason or a log line: bounded in length, printable
 * ASCII only (anything else as a {@code \}{@code uXXXX} escape), so neither a lone surrogate nor a control character
 * nor a megabyte of input reaches a JSON writer or a terminal.
 */
public final class SafeText {
    private SafeText() {}

    /** At most {@code maxChars} characters of {@code text} in printable form, with "..." when cut. */
    public static String excerpt(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= maxChars) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** True when the text holds no unpaired UTF-16 surrogate, i.e. it can be encoded as UTF-8 without loss. */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** True when the text holds a control character (C0, DEL or C1). */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The bytes as text, or null when they are not well-formed UTF-8 (overlong forms and surrogates included). */
    public static String utf8OrNull(byte[] raw) {
        return utf8OrNull(raw, raw.length);
    }

    /** The first {@code length} bytes as text, or null when they are not well-formed UTF-8. */
    public static String utf8OrNull(byte[] raw, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The largest length not above {@code limit} that does not cut a UTF-8 sequence of {@code raw} in two, so that a
     * prefix of valid UTF-8 stays valid.
     */
    public static int utf8Boundary(byte[] raw, int limit) {
        if (limit >= raw.length) {
            return raw.length;
        }
        int end = limit;
        // Step back over continuation bytes (10xxxxxx) to the start of the sequence the cut falls into.
        while (end > 0 && end > limit - 4 && (raw[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }
}
