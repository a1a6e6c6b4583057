/**
 * The event bus contract: addresses and the local codecs of the immutable values that travel on
 * it between verticles of one instance.
 */
package io.microscaler.bus;
