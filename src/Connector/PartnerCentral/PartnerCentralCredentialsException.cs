namespace Connector.PartnerCentral;

/// <summary>The service did not accept who we are (UnrecognizedClientException, InvalidSignatureException,
/// SignatureDoesNotMatch, ExpiredTokenException, IncompleteSignature, MissingAuthenticationToken, or an untyped 401),
/// or no credentials could be found locally. A configuration problem: treated like AccessDenied, never retried.</summary>
public class PartnerCentralCredentialsException(string message, string errorType, int? httpStatus, string? requestId, Exception? innerException = null)
    : PartnerCentralException(message, errorType, PartnerCentralErrorKind.Credentials, httpStatus, requestId, innerException);
