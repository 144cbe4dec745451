package io.nightscore.input;

import java.io.FileNotFoundException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.fs.s3a.NoVersionAttributeException;
import org.apache.hadoop.fs.s3a.UnknownStoreException;
import org.apache.hadoop.fs.s3a.auth.NoAuthWithAWSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns a file system's failure on the input or the model into the exception that gives
 * the right exit code, with a one-line message naming the URI: a missing bucket, denied
 * access, bad or missing credentials, an unknown URI scheme or a file system whose
 * classes are missing are configuration errors ({@link ContractException}, exit 2);
 * anything else that comes out of the file system's own bounded retries is a storage
 * outage ({@link StorageUnavailableException}, exit 1). Messages carry the service's
 * error code, never its full text, and never a credential. Stateless.
 */
public final class StorageFailures {

	private static final Logger logger = LoggerFactory.getLogger(StorageFailures.class);

	private StorageFailures() {
	}

	/**
	 * The exception to throw for {@code failure} on {@code uri}.
	 * @param what what was being done, e.g. "Input" or "Model"
	 */
	static RuntimeException classify(String what, String uri, Throwable failure) {
		logger.debug("{} {} failed", what, uri, failure);
		Throwable unsupported = find(failure, UnsupportedFileSystemException.class);
		if (unsupported != null) {
			return new ContractException(what + " " + uri + " uses a URI scheme no file system of nightscore's"
					+ " reads (" + Failures.firstLine(unsupported.getMessage())
					+ "): use a local path, a file:, hdfs:// or s3a:// URI");
		}
		Throwable missingClass = find(failure, ClassNotFoundException.class);
		if (missingClass == null) {
			missingClass = find(failure, NoClassDefFoundError.class);
		}
		if (missingClass != null) {
			return new ContractException(what + " " + uri + " needs a file system whose classes are not in"
					+ " nightscore (" + className(missingClass)
					+ " not found): use a local path, a file:, hdfs:// or s3a:// URI, or check fs.<scheme>.impl");
		}
		if (find(failure, UnknownStoreException.class) != null) {
			return new ContractException(what + " " + uri + ": the bucket does not exist (or the endpoint does not"
					+ " serve it): check the URI and fs.s3a.endpoint");
		}
		if (find(failure, NoAuthWithAWSException.class) != null) {
			return new ContractException(what + " " + uri + " cannot be read: no AWS credentials were found; set"
					+ " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (from a Secret) or another source of the"
					+ " default AWS credentials chain");
		}
		if (find(failure, AccessDeniedException.class) != null) {
			return new ContractException(what + " " + uri + " cannot be read: access denied (" + awsErrorCode(failure)
					+ "): the credentials are wrong, or lack read permission on it; check the Secret's"
					+ " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
		}
		if (find(failure, NoVersionAttributeException.class) != null) {
			return new ContractException(what + " " + uri + " cannot be read: the object store returns no ETag for it,"
					+ " which S3A's change detection (fs.s3a.change.detection.mode=server, nightscore's default) needs"
					+ " to notice a replaced object; use a store that returns ETags, or give --hadoop-property"
					+ " fs.s3a.change.detection.version.required=false to read it without that check");
		}
		if (failure instanceof ContractException contract) {
			return contract;
		}
		return new StorageUnavailableException(what + " " + uri + " cannot be read: " + transientReason(failure)
				+ " (the storage failed after retries)");
	}

	/**
	 * Whether a failure while reading rows is the storage failing (connection, timeout,
	 * server error) rather than the file's bytes: such a run is restartable.
	 */
	public static boolean isTransient(Throwable failure) {
		if (find(failure, FileNotFoundException.class) != null || find(failure, AccessDeniedException.class) != null) {
			return false;
		}
		if (find(failure, SocketException.class) != null || find(failure, SocketTimeoutException.class) != null
				|| find(failure, UnknownHostException.class) != null
				|| find(failure, InterruptedIOException.class) != null
				|| find(failure, SdkClientException.class) != null) {
			return true;
		}
		Throwable service = find(failure, AwsServiceException.class);
		return service != null && (((AwsServiceException) service).statusCode() >= 500
				|| ((AwsServiceException) service).isThrottlingException());
	}

	/** The missing class's name, from "Class a.B not found" or "a/B". */
	private static String className(Throwable missing) {
		String message = Failures.firstLine(String.valueOf(missing.getMessage()));
		return message.replaceFirst("^Class ", "").replaceFirst(" not found$", "").replace('/', '.');
	}

	private static String awsErrorCode(Throwable failure) {
		Throwable service = find(failure, AwsServiceException.class);
		if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
				&& aws.awsErrorDetails().errorCode() != null) {
			return aws.statusCode() + " " + aws.awsErrorDetails().errorCode();
		}
		return "403";
	}

	private static String transientReason(Throwable failure) {
		Throwable service = find(failure, AwsServiceException.class);
		if (service instanceof AwsServiceException aws) {
			return "the storage answered " + awsErrorCode(failure);
		}
		String reason = Failures.rootMessage(failure);
		return (reason.length() > 200) ? reason.substring(0, 200) + "..." : reason;
	}

	static Throwable find(Throwable failure, Class<? extends Throwable> type) {
		return Failures.cause(failure, type);
	}

}
