/**
 * Not API, may change without notice. Key derivation, the keyring, sealing and opening of datagrams, and the replay window.
 */
package io.github.gossip.internal.crypto;
