using System.Text;
using Connector.TestSigning;

namespace Connector.Tests.PartnerCentral;

/// <summary>AWS's published SigV4 test suite (aws-sig-v4-test-suite): credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z,
/// us-east-1, service "service". The expected canonical requests, strings to sign and Authorization values are the
/// suite's .creq, .sts and .authz contents; tests/sigv4-golden/suite.mjs prints the same from the official JS signer.</summary>
public sealed class SigV4TestSuiteTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset SigningTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static readonly SuiteVector[] Vectors =
    [
        new SuiteVector(
            "get-vanilla",
            "GET", "/", "",
            "Host: example.amazonaws.com|X-Amz-Date: 20150830T123600Z",
            "",
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new SuiteVector(
            "get-vanilla-query-order-key-case",
            "GET", "/", "Param2=value2&Param1=value1",
            "Host: example.amazonaws.com|X-Amz-Date: 20150830T123600Z",
            "",
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        new SuiteVector(
            "get-header-value-trim",
            "GET", "/", "",
            "Host: example.amazonaws.com|My-Header1:  value1|My-Header2:  \"a   b   c\"|X-Amz-Date: 20150830T123600Z",
            "",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\na726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        new SuiteVector(
            "post-vanilla",
            "POST", "/", "",
            "Host: example.amazonaws.com|X-Amz-Date: 20150830T123600Z",
            "",
            "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        new SuiteVector(
            "post-vanilla-query",
            "POST", "/", "Param1=value1",
            "Host: example.amazonaws.com|X-Amz-Date: 20150830T123600Z",
            "",
            "POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        new SuiteVector(
            "post-header-key-sort",
            "POST", "/", "",
            "Host: example.amazonaws.com|My-Header1: value1|X-Amz-Date: 20150830T123600Z",
            "",
            "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        new SuiteVector(
            "post-header-value-case",
            "POST", "/", "",
            "Host: example.amazonaws.com|My-Header1: VALUE1|X-Amz-Date: 20150830T123600Z",
            "",
            "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nd51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        new SuiteVector(
            "post-x-www-form-urlencoded",
            "POST", "/", "",
            "Content-Type: application/x-www-form-urlencoded|Host: example.amazonaws.com|X-Amz-Date: 20150830T123600Z",
            "Param1=value1",
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        new SuiteVector(
            "get-utf8",
            "GET", "/\u1234", "",
            "Host: example.amazonaws.com|X-Amz-Date: 20150830T123600Z",
            "",
            "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
    ];

    public static TheoryData<string> Names => new(Vectors.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void CanonicalRequest_MatchesSuite_WhenVectorIsSigned(string name)
    {
        var vector = Vectors.Single(v => v.Name == name);
        var input = vector.Input();
        var canonical = CanonicalRequest.Build(input.Method, input.CanonicalUri, input.CanonicalQueryString, input.Headers, vector.SignedHeaders(), input.PayloadHashHex);
        Assert.Equal(vector.CanonicalRequest, canonical);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void StringToSign_MatchesSuite_WhenVectorIsSigned(string name)
    {
        var vector = Vectors.Single(v => v.Name == name);
        var scope = StringToSign.Scope(SigningTime, "us-east-1", "service");
        Assert.Equal("20150830/us-east-1/service/aws4_request", scope);
        Assert.Equal(vector.StringToSign, StringToSign.Build(SigningTime, scope, vector.CanonicalRequest));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AuthorizationHeader_MatchesSuite_WhenVectorIsSigned(string name)
    {
        var vector = Vectors.Single(v => v.Name == name);
        var signedHeaders = vector.SignedHeaders();
        var signature = SigV4Signature.Compute(vector.Input(), signedHeaders, Secret, SigningTime, "us-east-1", "service");
        var header = SigV4Signature.AuthorizationHeader("AKIDEXAMPLE", StringToSign.Scope(SigningTime, "us-east-1", "service"), signedHeaders, signature);
        Assert.Equal(vector.Authorization, header);
    }

    [Fact]
    public void SigningKey_MatchesPublishedKey_WhenDerivedForSuiteScope()
    {
        var key = SigningKey.Derive(Secret, "20150830", "us-east-1", "service");
        Assert.Equal("938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75", StringToSign.Hex(key));
    }

    private sealed record SuiteVector(
        string Name,
        string Method,
        string RawPath,
        string Query,
        string RawHeaders,
        string Body,
        string CanonicalRequest,
        string StringToSign,
        string Authorization)
    {
        public IReadOnlyList<KeyValuePair<string, string>> Headers() => RawHeaders.Split('|')
            .Select(h => new KeyValuePair<string, string>(h[..h.IndexOf(':')], h[(h.IndexOf(':') + 1)..]))
            .ToList();

        public IReadOnlyCollection<string> SignedHeaders() => Headers().Select(h => h.Key).ToList();

        public SigningInput Input()
        {
            // The suite gives raw paths (get-utf8 is "/\u1234"); each segment is URI-encoded once, as the suite expects.
            var canonicalUri = "/" + string.Join('/', RawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => UriEncoding.Encode(s)));
            var query = Query.Length == 0
                ? string.Empty
                : Connector.TestSigning.CanonicalRequest.QueryString(
                    Query.Split('&').Select(p => new KeyValuePair<string, string>(p[..p.IndexOf('=')], p[(p.IndexOf('=') + 1)..])));
            return new SigningInput(Method, canonicalUri, query, Headers(), Connector.TestSigning.StringToSign.PayloadHash(Encoding.UTF8.GetBytes(Body)));
        }
    }
}
