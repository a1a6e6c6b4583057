package io.microscaler.replay.model;

/** Requests waiting for a free slot, first come first served: a ring of (arrival, service time). */
final class WaitQueue {

    private double[] arrival = new double[256];
    private double[] serviceSeconds = new double[256];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(double arrivedAt, double service) {
        if (size == arrival.length) {
            grow();
        }
        int tail = (head + size) % arrival.length;
        arrival[tail] = arrivedAt;
        serviceSeconds[tail] = service;
        size++;
    }

    double headArrival() {
        return arrival[head];
    }

    double headService() {
        return serviceSeconds[head];
    }

    void pop() {
        head = (head + 1) % arrival.length;
        size--;
    }

    private void grow() {
        double[] a = new double[arrival.length * 2];
        double[] s = new double[arrival.length * 2];
        for (int i = 0; i < size; i++) {
            a[i] = arrival[(head + i) % arrival.length];
            s[i] = serviceSeconds[(head + i) % arrival.length];
        }
        arrival = a;
        serviceSeconds = s;
        head = 0;
    }
}
