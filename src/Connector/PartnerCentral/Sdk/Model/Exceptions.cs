using System.Net;
using Amazon.Runtime;

namespace Amazon.PartnerCentralSelling.Model;

// The model's error shapes. ErrorCode is the error type (the body's __type without namespace), RequestId the
// response's x-amzn-RequestId; an answer naming no known type arrives as AmazonPartnerCentralSellingException.

public partial class AccessDeniedException(string message, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonPartnerCentralSellingException(message, null, errorType, errorCode, requestId, statusCode)
{
    /// <summary>e.g. <c>INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE</c>.</summary>
    public string? Reason { get; set; }
}

public partial class ValidationException(string message, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonPartnerCentralSellingException(message, null, errorType, errorCode, requestId, statusCode)
{
    /// <summary><c>REQUEST_VALIDATION_FAILED</c> or <c>BUSINESS_VALIDATION_FAILED</c>.</summary>
    public string? Reason { get; set; }

    public List<ValidationExceptionError> ErrorList { get; set; } = [];
}

public partial class ValidationExceptionError
{
    public string? FieldName { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }
}

public partial class ResourceNotFoundException(string message, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonPartnerCentralSellingException(message, null, errorType, errorCode, requestId, statusCode);

public partial class ThrottlingException(string message, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonPartnerCentralSellingException(message, null, errorType, errorCode, requestId, statusCode);

public partial class InternalServerException(string message, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonPartnerCentralSellingException(message, null, errorType, errorCode, requestId, statusCode);

public partial class ConflictException(string message, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonPartnerCentralSellingException(message, null, errorType, errorCode, requestId, statusCode);

public partial class ServiceQuotaExceededException(string message, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonPartnerCentralSellingException(message, null, errorType, errorCode, requestId, statusCode);
