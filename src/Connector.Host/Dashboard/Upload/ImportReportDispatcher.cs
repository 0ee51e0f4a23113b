using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Connector.Host.Dashboard.Upload;

/// <summary>GET /sync/import-report?id=N: the row-error report of a confirmed upload (Recent imports links it). Write
/// rights only: the report repeats the rejected rows' original values.</summary>
public sealed class ImportReportDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var upload = UploadRequestContext.For(context);
        if (await upload.RefuseUnlessWriteAsync(HttpMethods.Get))
        {
            return;
        }

        if (!long.TryParse(upload.Http.Request.Query["id"], out var id) || id <= 0 || !File.Exists(upload.Spool.ImportReportPath(id)))
        {
            upload.Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"import-{id}.errors.csv");
        var response = upload.Http.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        await response.SendFileAsync(upload.Spool.ImportReportPath(id), upload.Http.RequestAborted);
    }
}
