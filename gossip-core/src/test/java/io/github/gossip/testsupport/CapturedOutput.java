package io.github.gossip.testsupport;

/**
 * What a test wrote to {@code System.out} and {@code System.err} while it ran, logging included:
 * the core has no Spring, so its tests bring their own capture.
 */
public interface CapturedOutput {

	/** What was written to {@code System.out}. */
	String getOut();

	/** What was written to {@code System.err}. */
	String getErr();

}
