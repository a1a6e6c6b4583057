package io.microscaler.loadtest;

import java.util.List;
import java.util.Locale;

/**
 * The tile pyramid of one IIIF image, as its {@code info.json} gives it: the full size, the tile
 * size and the scale factors. At scale factor f a tile covers a (tileSize × f)-pixel square of the
 * full image, clipped at the edges, and is delivered tileSize pixels wide: the paths a deep-zoom
 * viewer (OpenSeadragon, Mirador) asks for, e.g. {@code /iiif/img-0042/2048,1024,1024,1024/512,/0/default.jpg}.
 *
 * @param scaleFactors coarsest first does not matter: {@link #coarseToFine()} orders them
 */
public record Pyramid(int width, int height, int tileSize, List<Integer> scaleFactors) {

    /** The demo's images: 8192 × 6144, 512-pixel tiles, scale factors 1 to 16 (see the demo's FakeImages). */
    public static Pyramid demo() {
        return new Pyramid(8192, 6144, 512, List.of(1, 2, 4, 8, 16));
    }

    public Pyramid {
        if (width < 1 || height < 1 || tileSize < 1) {
            throw new IllegalArgumentException("width, height and tileSize must be ≥ 1, but were " + width + ", "
                    + height + " and " + tileSize);
        }
        if (scaleFactors == null || scaleFactors.isEmpty() || scaleFactors.stream().anyMatch(f -> f == null || f < 1)) {
            throw new IllegalArgumentException("scaleFactors must be one or more whole numbers ≥ 1, but were " + scaleFactors);
        }
        scaleFactors = List.copyOf(scaleFactors);
    }

    /** A tile: column and row in the grid of its scale factor. */
    public record Tile(int scaleFactor, int col, int row) {
    }

    /** Scale factors from the coarsest (largest) to the finest, without repeats: the order a viewer zooms in. */
    public List<Integer> coarseToFine() {
        return scaleFactors.stream().distinct().sorted((a, b) -> Integer.compare(b, a)).toList();
    }

    public int cols(int scaleFactor) {
        return ceilDiv(width, tileSize * scaleFactor);
    }

    public int rows(int scaleFactor) {
        return ceilDiv(height, tileSize * scaleFactor);
    }

    public int tileCount(int scaleFactor) {
        return cols(scaleFactor) * rows(scaleFactor);
    }

    /** The IIIF Image API path of a tile of image {@code id}: region in full-image pixels, size {@code w,}. */
    public String path(String id, Tile t) {
        int side = tileSize * t.scaleFactor();
        int x = t.col() * side;
        int y = t.row() * side;
        int w = Math.min(side, width - x);
        int h = Math.min(side, height - y);
        int scaledWidth = ceilDiv(w, t.scaleFactor());
        return String.format(Locale.ROOT, "/iiif/%s/%d,%d,%d,%d/%d,/0/default.jpg", id, x, y, w, h, scaledWidth);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
