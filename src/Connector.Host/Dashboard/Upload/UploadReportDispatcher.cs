using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Connector.Host.Dashboard.Upload;

/// <summary>GET /sync/upload/report?token=T: the preview's row-error report, written by the importer's report writer
/// (spreadsheet-safe: formula-like cells escaped, UTF-8 with BOM), to its uploader only.</summary>
public sealed class UploadReportDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var upload = UploadRequestContext.For(context);
        if (await upload.RefuseUnlessWriteAsync(HttpMethods.Get))
        {
            return;
        }

        if (await upload.FindOwnPreviewAsync() is not { } found || !File.Exists(upload.Spool.ReportPath(found.Token)))
        {
            upload.Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (token, preview) = found;

        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(Path.GetFileNameWithoutExtension(preview.DisplayName) + ".errors.csv");
        var response = upload.Http.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        await response.SendFileAsync(upload.Spool.ReportPath(token), upload.Http.RequestAborted);
    }
}
