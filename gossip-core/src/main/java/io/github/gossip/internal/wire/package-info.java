/**
 * Not API, may change without notice. Versioned binary codec of protocol packets (the plaintext under the crypto layer); the layout is
 * documented on {@link io.github.gossip.internal.wire.WireCodec}. Decoding is total: any byte string either
 * yields a packet that re-encodes to the same bytes in its version (unless it held a message of a type
 * a later version added, which is stepped over) or raises
 * {@link io.github.gossip.internal.wire.DecodeException}.
 */
package io.github.gossip.internal.wire;
