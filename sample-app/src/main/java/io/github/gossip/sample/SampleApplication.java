package io.github.gossip.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A mail-server-like application that uses the gossip starter the way a user would: role-gated
 * scheduled jobs, configured under {@code cluster.*}, a log line per membership event, and a live
 * page of the cluster served at {@code /}.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
