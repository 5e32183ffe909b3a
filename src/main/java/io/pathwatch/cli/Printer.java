package io.pathwatch.cli;

import java.io.PrintStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a command's lines go: text for people, or with {@code --json} one JSON object per line
 * (JSON Lines), so a script can read a run as it goes and still parse every line on its own.
 * Lines come from the probe event loop and the main thread; each is written and flushed whole.
 */
final class Printer {

    private final PrintStream out;
    private final boolean json;
    /** Built only for {@code --json}: Jackson's start-up is not paid by people at a terminal. */
    private final JsonMapper mapper;

    Printer(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
        this.mapper = json ? JsonMapper.builder().build() : null;
    }

    boolean json() {
        return json;
    }

    /** A line for people; left out in JSON mode. */
    synchronized void text(String line) {
        if (!json) {
            out.print(line.endsWith("\n") ? line : line + "\n");
            out.flush();
        }
    }

    /** One JSON object per line; left out in text mode. */
    synchronized void object(Object value) {
        if (json) {
            out.println(mapper.writeValueAsString(value));
            out.flush();
        }
    }
}
