package io.nightscore.scoring.forest;

/**
 * The model file is not well-formed JSON or UBJ, or breaks one of the decoder's bounds;
 * the message says where and why, in plain words.
 */
final class MalformedModelException extends RuntimeException {

	MalformedModelException(String message) {
		super(message);
	}

}
