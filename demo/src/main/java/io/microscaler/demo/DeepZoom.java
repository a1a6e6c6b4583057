package io.microscaler.demo;

import java.util.Random;

/**
 * The requests of people looking at images in a deep-zoom viewer (OpenSeadragon, Mirador): an
 * image's info.json now and then, and mostly 512-pixel tiles from a few zoom levels. Pure; the
 * caller's {@link Random} decides, so a seed replays the same paths.
 *
 * <p>The images are 8192 × 6144 pixels. At scale factor f (1, 2, 4, 8 or 16) a tile covers a
 * (512 f)-pixel square of the image, clipped at the edges, delivered 512 pixels wide: the paths a
 * IIIF viewer asks for, e.g. {@code /iiif/img-0042/2048,1024,1024,1024/512,/0/default.jpg}.
 * Coarse levels (few tiles) are asked for as often as fine ones, roughly as a viewer that zooms in
 * and out does.
 */
public final class DeepZoom {

    public static final int IMAGES = 200;
    public static final double INFO_FRACTION = 0.1;
    static final int WIDTH = 8192;
    static final int HEIGHT = 6144;
    static final int TILE = 512;
    private static final int[] SCALE_FACTORS = {1, 2, 4, 8, 16};

    private final Random random;

    public DeepZoom(Random random) {
        this.random = java.util.Objects.requireNonNull(random, "random");
    }

    /** The path of the next request. */
    public String nextPath() {
        String id = String.format(java.util.Locale.ROOT, "img-%04d", random.nextInt(IMAGES));
        if (random.nextDouble() < INFO_FRACTION) {
            return "/iiif/" + id + "/info.json";
        }
        int f = SCALE_FACTORS[random.nextInt(SCALE_FACTORS.length)];
        int side = TILE * f;
        int cols = (WIDTH + side - 1) / side;
        int rows = (HEIGHT + side - 1) / side;
        int x = random.nextInt(cols) * side;
        int y = random.nextInt(rows) * side;
        int w = Math.min(side, WIDTH - x);
        int h = Math.min(side, HEIGHT - y);
        int width = (w + f - 1) / f; // the tile's width in pixels once scaled down
        return "/iiif/" + id + "/" + x + "," + y + "," + w + "," + h + "/" + width + ",/0/default.jpg";
    }
}
