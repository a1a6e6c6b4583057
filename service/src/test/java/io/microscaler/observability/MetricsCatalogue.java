package io.microscaler.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics {@code docs/metrics.md} promises: every table row whose first cell is a metric name
 * in backquotes. A row whose type cell says "coming" is a metric still to be built; one that says
 * "only with" is registered only under a setting (so not in every {@code /metrics}).
 */
final class MetricsCatalogue {

    static final Path FILE = Path.of("docs", "metrics.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|([^|]*)\\|([^|]*)\\|.*$");

    /**
     * @param type the type cell: counter, gauge, timer, histogram…
     * @param tags the tags cell as written
     */
    record Entry(String name, String type, String tags) {

        boolean coming() {
            return type.contains("coming") || type.contains("only with");
        }
    }

    static List<Entry> entries() {
        List<String> lines;
        try {
            lines = Files.readAllLines(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ROW.matcher(line.trim());
            if (m.matches()) {
                out.add(new Entry(m.group(1), m.group(2).trim(), m.group(3).trim()));
            }
        }
        return out;
    }

    /** The metrics that must exist now. */
    static List<String> mustExist() {
        return entries().stream().filter(e -> !e.coming()).map(Entry::name).toList();
    }

    private MetricsCatalogue() {
    }
}
