using System.Net;
using Amazon.Runtime;

namespace Amazon.PartnerCentralSelling;

/// <summary>Base of the service's errors; also what an answer of no known error type becomes.</summary>
public partial class AmazonPartnerCentralSellingException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonServiceException(message, innerException, errorType, errorCode, requestId, statusCode);
