package io.github.gossip.test.example;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.gossip.jobs.LeaderOnly;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
public class StorePurge {

	private final AtomicInteger runs = new AtomicInteger();

	@Scheduled(fixedRateString = "10s")
	@LeaderOnly("purge.stores")
	public void purge() {
		this.runs.incrementAndGet(); // a real job would purge the stores here, once per cluster
	}

	public int runs() {
		return this.runs.get();
	}

}
