package io.microscaler.demo;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Response bodies of plausible size, made once: a few fake JPEGs (a JFIF header, noise, an end
 * marker) of 18–64 KB, as 512-pixel photographic tiles are, and the info.json of an image. A
 * tile's path picks its body by hash, so the same tile always has the same size, as in a real
 * server. The buffers are shared, read only, by all servers and event loops: Vert.x writes a
 * duplicate of a buffer's bytes (own indexes, same memory) and never changes them.
 */
final class FakeImages {

    private static final int[] TILE_SIZES = {18_311, 27_604, 36_950, 48_211, 63_877};
    private static final Buffer[] TILES = new Buffer[TILE_SIZES.length];

    static {
        Random random = new Random(20240601L); // fixed: the same bytes every run
        for (int i = 0; i < TILE_SIZES.length; i++) {
            byte[] body = new byte[TILE_SIZES[i]];
            random.nextBytes(body);
            byte[] jfif = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
                    0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00};
            System.arraycopy(jfif, 0, body, 0, jfif.length);
            body[body.length - 2] = (byte) 0xFF;
            body[body.length - 1] = (byte) 0xD9;
            TILES[i] = Buffer.buffer(body);
        }
    }

    /** The body of a tile. */
    static Buffer tile(String path) {
        return TILES[Math.floorMod(path.hashCode(), TILES.length)];
    }

    /** The IIIF Image API 3 info.json of an image (the demo's images are all 8192 × 6144). */
    static Buffer info(String baseUri, String id) {
        String json = "{\"@context\":\"http://iiif.io/api/image/3/context.json\",\"id\":\"" + baseUri + "/iiif/" + id
                + "\",\"type\":\"ImageService3\",\"protocol\":\"http://iiif.io/api/image\",\"profile\":\"level1\","
                + "\"width\":" + DeepZoom.WIDTH + ",\"height\":" + DeepZoom.HEIGHT
                + ",\"tiles\":[{\"width\":" + DeepZoom.TILE + ",\"scaleFactors\":[1,2,4,8,16]}]}";
        return Buffer.buffer(json.getBytes(StandardCharsets.UTF_8));
    }

    private FakeImages() {
    }
}
