package dev.switchboard.shared.tools;

public interface ToolRunner { void start(ToolBatch batch); }   // asynchronous; results come back through the continuation
