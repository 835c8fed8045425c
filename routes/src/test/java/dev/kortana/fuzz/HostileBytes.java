package dev.kortana.fuzz;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Byte-level damage: bit flips, noise, malformed UTF-8 inside a value or key, and other encodings of a good task. */
final class HostileBytes {

    /** Each sequence is malformed UTF-8: overlong forms, CESU-8 surrogates, past U+10FFFF, stray or missing bytes. */
    private static final byte[][] INVALID_UTF8 = {
            {(byte) 0xc0, (byte) 0xae}, {(byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xaf},
            {(byte) 0xc1, (byte) 0xbf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, {(byte) 0xf0, (byte) 0x80, (byte) 0x80, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0xbd, (byte) 0xed, (byte) 0xb8, (byte) 0x80},
            {(byte) 0xed, (byte) 0xbf, (byte) 0xbf}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80}, {(byte) 0xbf}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {(byte) 0xff},
            {(byte) 0xfe}, {(byte) 0xc2, 'a'}, {(byte) 0xe2, 'a', (byte) 0xac}};
    private static final String MARK = "@@BAD@@";

    private HostileBytes() {}

    static byte[] flipBits(Random r, byte[] body) {
        byte[] out = body.clone();
        for (int flips = 1 + r.nextInt(3); flips > 0; flips--) {
            out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return out;
    }

    /** Inserts, deletes or overwrites one to three bytes with random values. */
    static byte[] noise(Random r, byte[] body) {
        byte[] out = body;
        for (int edits = 1 + r.nextInt(3); edits > 0; edits--) {
            int at = r.nextInt(out.length);
            switch (r.nextInt(3)) {
                case 0 -> {
                    byte[] grown = new byte[out.length + 1];
                    System.arraycopy(out, 0, grown, 0, at);
                    grown[at] = (byte) r.nextInt(256);
                    System.arraycopy(out, at, grown, at + 1, out.length - at);
                    out = grown;
                }
                case 1 -> {
                    if (out.length > 1) {
                        byte[] shrunk = new byte[out.length - 1];
                        System.arraycopy(out, 0, shrunk, 0, at);
                        System.arraycopy(out, at + 1, shrunk, at, out.length - at - 1);
                        out = shrunk;
                    }
                }
                default -> {
                    out = out == body ? body.clone() : out;
                    out[at] = (byte) r.nextInt(256);
                }
            }
        }
        return out;
    }

    /** A good task with a malformed sequence inside its goal, an input value or an input key. */
    static byte[] invalidUtf8(Random r, TaskDraft draft) {
        switch (r.nextInt(4)) {
            case 0 -> draft.top.put("goal", "\"summarize " + MARK + " please\"");
            case 1 -> draft.top.put("inputs", "{\"path\":\"" + MARK + "\"}");
            case 2 -> draft.top.put("inputs", "{\"k" + MARK + "\":true}");
            default -> draft.top.put("tenant", "\"acme" + MARK + "\"");
        }
        byte[] text = draft.text().getBytes(StandardCharsets.UTF_8);
        byte[] mark = MARK.getBytes(StandardCharsets.UTF_8);
        byte[] bad = INVALID_UTF8[r.nextInt(INVALID_UTF8.length)];
        int at = indexOf(text, mark);
        byte[] out = new byte[text.length - mark.length + bad.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(text, at + mark.length, out, at + bad.length, text.length - at - mark.length);
        return out;
    }

    /** The task in UTF-16 or UTF-32 (with or without a byte order mark): JSON between systems is UTF-8 only. */
    static byte[] otherEncoding(Random r, String text) {
        String charset = new String[] {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE", "UTF-32"}[r.nextInt(6)];
        return text.getBytes(Charset.forName(charset));
    }

    private static int indexOf(byte[] text, byte[] part) {
        for (int i = 0; i + part.length <= text.length; i++) {
            if (Arrays.equals(text, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalStateException("marker not found");
    }
}
