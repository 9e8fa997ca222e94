package dev.relaydesk.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The last lines of a log file, read without loading the whole file: a failed start is explained by the end of the
 * application's log, so it goes into the exception message rather than leaving the caller to find the file.
 */
final class LogTail {

    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {}

    static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            if (length > size && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line is probably cut
            }
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return String.join(System.lineSeparator(), tail);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** The tail, framed for an exception message. */
    static String framed(Path file, int lines) {
        return System.lineSeparator() + "---- last lines of " + file + " ----" + System.lineSeparator()
                + of(file, lines) + System.lineSeparator() + "----";
    }
}
