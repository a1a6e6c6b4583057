package io.microscaler.loadtest;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the scaling timeline needs to know of a Gatling run: when its load started (wall clock)
 * and its phases. The simulation writes it as it starts; the timeline's report reads it, so the
 * two share one time axis: seconds since the load started.
 */
public record RunInfo(long startEpochMillis, String profile, String baseUrl, List<Phase> phases) {

    public RunInfo {
        phases = List.copyOf(phases);
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("startEpochMillis", Long.toString(startEpochMillis));
        p.setProperty("profile", profile);
        p.setProperty("baseUrl", baseUrl);
        List<String> names = new ArrayList<>();
        for (Phase ph : phases) {
            names.add(ph.name());
            p.setProperty("phase." + ph.name(), ph.startSecond() + "," + ph.endSecond());
        }
        p.setProperty("phases", String.join(",", names));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "a Gatling run of microscaler's load tests");
        }
    }

    public static RunInfo read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            List<Phase> phases = new ArrayList<>();
            String names = p.getProperty("phases", "");
            for (String name : names.isBlank() ? new String[0] : names.split(",")) {
                String[] range = p.getProperty("phase." + name).split(",");
                phases.add(new Phase(name, Integer.parseInt(range[0].trim()), Integer.parseInt(range[1].trim())));
            }
            return new RunInfo(Long.parseLong(p.getProperty("startEpochMillis").trim()), p.getProperty("profile", "?"),
                    p.getProperty("baseUrl", "?"), phases);
        } catch (RuntimeException e) {
            throw new IOException("run info " + file + " is incomplete or malformed: " + e, e);
        }
    }
}
