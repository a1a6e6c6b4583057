package io.microscaler.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read into its instructions, each with the build stage it belongs to: enough of the
 * format (comments, line continuations, {@code FROM ... AS name}) to check what the file says
 * without a Docker engine.
 */
record Dockerfile(List<Instruction> instructions) {

    /** One instruction: its keyword in upper case, the rest of its line(s) joined, its stage (0 = first FROM). */
    record Instruction(String keyword, String arguments, int stage) {
    }

    static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        int stage = -1;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (logical.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (!logical.isEmpty() && line.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            String instruction = logical.toString().strip();
            logical.setLength(0);
            int space = instruction.indexOf(' ');
            String keyword = (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : instruction.substring(space + 1).strip().replaceAll("\\s+", " ");
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(keyword, arguments, stage));
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    List<Instruction> inStage(int stage, String keyword) {
        return all(keyword).stream().filter(i -> i.stage() == stage).toList();
    }

    /** The index of the stage {@code FROM ... AS name}, or -1. */
    int stageNamed(String name) {
        return all("FROM").stream().filter(i -> i.arguments().toLowerCase(Locale.ROOT).endsWith(" as " + name))
                .mapToInt(Instruction::stage).findFirst().orElse(-1);
    }

    int lastStage() {
        return instructions.stream().mapToInt(Instruction::stage).max().orElse(-1);
    }

    /** Arguments without their leading {@code --flag=value} options (e.g. {@code RUN --mount=...}, {@code COPY --from=...}). */
    static String withoutFlags(String arguments) {
        String rest = arguments;
        while (rest.startsWith("--")) {
            int space = rest.indexOf(' ');
            rest = space < 0 ? "" : rest.substring(space + 1).strip();
        }
        return rest;
    }
}
