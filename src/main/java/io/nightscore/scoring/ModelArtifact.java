package io.nightscore.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.nightscore.ContractException;

/**
 * A model file as nightscore knows it, whatever engine scores it: where it came from, its
 * bytes and their sha256, the version tag runs record, and what the model says of itself
 * (feature names in input order, objective, number of trees).
 *
 * @param file the model file
 * @param bytes the file's content, as read once
 * @param sha256 the content's sha256, lower-case hex
 * @param version the version tag: the one given, or {@code sha256-<12 hex digits>}
 * @param featureNames the model's features, in the order a row lays them out
 * @param objective XGBoost's objective name, e.g. {@code binary:logistic}
 * @param numTrees the number of trees
 */
public record ModelArtifact(Path file, byte[] bytes, String sha256, String version, List<String> featureNames,
		String objective, int numTrees) {

	private static final int VERSION_SHA_PREFIX = 12;

	public ModelArtifact {
		featureNames = List.copyOf(featureNames);
	}

	/**
	 * An artifact of the given bytes, its sha256 computed and its version defaulted.
	 * @param version the version tag to record, or {@code null} (or blank) for one
	 * derived from the sha256
	 */
	public static ModelArtifact of(Path file, byte[] bytes, String version, List<String> featureNames, String objective,
			int numTrees) {
		String sha256 = sha256(bytes);
		String tag = (version != null && !version.isBlank()) ? version
				: "sha256-" + sha256.substring(0, VERSION_SHA_PREFIX);
		return new ModelArtifact(file, bytes, sha256, tag, featureNames, objective, numTrees);
	}

	/**
	 * The content of a model file.
	 * @throws ContractException if it is missing or unreadable, or not a regular file
	 * (reading a FIFO waits for a writer, a device such as {@code /dev/zero} never ends)
	 */
	public static byte[] read(Path file) {
		try {
			if (Files.exists(file) && !Files.isRegularFile(file)) {
				throw new ContractException("Model file " + file
						+ " is not a regular file (a directory, FIFO, socket or device): check --model");
			}
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			throw new ContractException("Model file " + file + " does not exist: check --model");
		}
		catch (IOException ex) {
			throw new ContractException("Model file " + file + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
