package dev.relaydesk.ticket.tickets;

/** Client file names made safe to store and send back: no path, no control or reserved characters, bounded. */
public final class FileNames {

    private static final int MAX_LENGTH = 200;

    private FileNames() {}

    public static String sanitize(String name) {
        String base = name == null ? "" : name;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        StringBuilder out = new StringBuilder();
        base.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || "\"<>:|?*;".indexOf(cp) >= 0) {
                out.append('_');
            } else {
                out.appendCodePoint(cp);
            }
        });
        String clean = out.toString().strip();
        while (clean.startsWith(".")) {
            clean = clean.substring(1);
        }
        if (clean.isBlank()) {
            return "file";
        }
        return clean.length() <= MAX_LENGTH ? clean : clean.substring(clean.length() - MAX_LENGTH);
    }
}
