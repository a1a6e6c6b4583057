package io.microscaler.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The images viewers open, one picked at random per session: the demo's {@code img-0000} to
 * {@code img-0199} by default, or the ids in {@code -Dids=FILE} (one a line; blank lines and lines
 * starting with {@code #} skipped), for a real image service.
 */
public record ImageIds(List<String> ids) {

    /** The demo serves any id; its traffic generator asks for these 200 (see the demo's DeepZoom). */
    static final int DEMO_IMAGES = 200;

    public ImageIds {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("at least one image id is needed");
        }
        ids = List.copyOf(ids);
    }

    public static ImageIds demo() {
        return new ImageIds(IntStream.range(0, DEMO_IMAGES).mapToObj(i -> String.format(Locale.ROOT, "img-%04d", i)).toList());
    }

    public static ImageIds from(Map<String, String> properties) {
        String file = properties.get("ids");
        return file == null || file.isBlank() ? demo() : read(Path.of(file));
    }

    public static ImageIds read(Path file) {
        try {
            List<String> ids = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("ids file '" + file + "' has no image id: expected one id a line");
            }
            return new ImageIds(ids);
        } catch (IOException e) {
            throw new IllegalArgumentException("ids file '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** An endless feeder of {@code id} (Gatling's feeder shape: an iterator of records). */
    public Iterator<Map<String, Object>> feeder() {
        return Stream.generate(() -> Map.<String, Object>of("id", ids.get(ThreadLocalRandom.current().nextInt(ids.size()))))
                .iterator();
    }
}
