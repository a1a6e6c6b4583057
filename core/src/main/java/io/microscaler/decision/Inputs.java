package io.microscaler.decision;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A decision's inputs, in the order they were put, as a {@code Map<String, Double>}: the keys and
 * the numbers side by side in two arrays. A policy fills it while it decides, then gives it to its
 * {@link Decision}, which keeps it: from then on it is read only ({@link #seal}).
 *
 * <p>Every service's last evaluation is kept until the next tick (the status page shows it), so at
 * 10,000 services the inputs were 10,000 {@code LinkedHashMap}s of a dozen entries and boxed
 * doubles each: about 900 bytes a service that the collector copied at each young collection, and a
 * third of what a tick allocated (issue 20). These are about 250. The same map for any reader:
 * equality, hash and text are {@link AbstractMap}'s, as a {@code LinkedHashMap}'s are, and a key put
 * again keeps its place, as there.
 */
public final class Inputs extends AbstractMap<String, Double> {

    private String[] keys;
    private double[] values;
    private int size;
    private boolean sealed;

    public Inputs() {
        this(12); // what the service policy puts with target tracking alone
    }

    public Inputs(int room) {
        keys = new String[room];
        values = new double[room];
    }

    /** Puts a number; a key already there keeps its place. Not once sealed; no null key or value. */
    @Override
    public Double put(String key, Double value) {
        Objects.requireNonNull(key, "inputs key");
        Objects.requireNonNull(value, "inputs value");
        return put(key, value.doubleValue());
    }

    /** As {@link #put(String, Double)}, without boxing the number. */
    public Double put(String key, double value) {
        if (sealed) {
            throw new UnsupportedOperationException("a decision's inputs do not change");
        }
        Objects.requireNonNull(key, "inputs key");
        int at = indexOf(key);
        if (at >= 0) {
            double before = values[at];
            values[at] = value;
            return before;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.max(4, size * 2));
            values = Arrays.copyOf(values, keys.length);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        return null;
    }

    /** Read only from now on: a decision holds it. */
    Inputs seal() {
        sealed = true;
        return this;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Double get(Object key) {
        int at = indexOf(key);
        return at < 0 ? null : values[at];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Double remove(Object key) {
        throw new UnsupportedOperationException("inputs are only put");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("inputs are only put");
    }

    @Override
    public Set<Map.Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, Double> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int at = next++;
                        return new SimpleImmutableEntry<>(keys[at], values[at]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
