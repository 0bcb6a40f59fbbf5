package io.github.gossip.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Captures {@code System.out} and {@code System.err} around each test and hands the test a
 * {@link CapturedOutput}; what is written still reaches the console. Logback's console appender
 * looks {@code System.out} up on every write, so log lines are captured too.
 */
public final class OutputCaptureExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(OutputCaptureExtension.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		context.getStore(NAMESPACE).put(Capture.class, new Capture());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Capture capture = context.getStore(NAMESPACE).remove(Capture.class, Capture.class);
		if (capture != null) {
			capture.release();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == CapturedOutput.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return context.getStore(NAMESPACE).get(Capture.class, Capture.class);
	}

	private static final class Capture implements CapturedOutput {

		private final PrintStream originalOut = System.out;

		private final PrintStream originalErr = System.err;

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private final ByteArrayOutputStream err = new ByteArrayOutputStream();

		Capture() {
			System.setOut(tee(this.originalOut, this.out));
			System.setErr(tee(this.originalErr, this.err));
		}

		void release() {
			System.setOut(this.originalOut);
			System.setErr(this.originalErr);
		}

		@Override
		public String getOut() {
			synchronized (this.out) {
				return this.out.toString(StandardCharsets.UTF_8);
			}
		}

		@Override
		public String getErr() {
			synchronized (this.err) {
				return this.err.toString(StandardCharsets.UTF_8);
			}
		}

		@Override
		public String toString() {
			return getOut() + getErr();
		}

		private static PrintStream tee(PrintStream console, ByteArrayOutputStream copy) {
			return new PrintStream(new OutputStream() {

				@Override
				public void write(int b) {
					console.write(b);
					synchronized (copy) {
						copy.write(b);
					}
				}

				@Override
				public void write(byte[] bytes, int offset, int length) {
					console.write(bytes, offset, length);
					synchronized (copy) {
						copy.write(bytes, offset, length);
					}
				}

				@Override
				public void flush() {
					console.flush();
				}

			}, true, StandardCharsets.UTF_8);
		}

	}

}
