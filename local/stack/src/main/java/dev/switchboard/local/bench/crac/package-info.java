/**
 * A stand-in CRaC implementation for the cold-start benchmark. {@code org.crac} (what the functions register their
 * SnapStart priming hooks with) looks for an implementation named by the system property
 * {@code org.crac.Core.Compat}; given this package's name, it registers resources here, and
 * {@link dev.switchboard.local.bench.crac.Core#checkpointRestore()} runs their {@code beforeCheckpoint} (in reverse
 * order of registration, as CRaC does) and then their {@code afterRestore}, without taking a snapshot. This is the
 * priming work SnapStart runs before its snapshot, run in a plain JVM so its effect on the first request can be
 * measured. Copied, with the probe, into the fresh JVM next to the packaged function; depends only on the JDK.
 */
package dev.switchboard.local.bench.crac;
