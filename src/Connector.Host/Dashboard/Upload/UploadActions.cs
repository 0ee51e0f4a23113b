using Connector.Host.Hosting;
using Connector.Jobs;
using Connector.Sources;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Connector.Host.Dashboard.Upload;

/// <summary>The upload's routes: receive and preview, confirm, cancel, and the two row-error report downloads. Each
/// checks the method and write rights first (<see cref="UploadRequestContext.RefuseUnlessWriteAsync"/>); the
/// antiforgery header is checked by the dashboard middleware before any of them runs, and is never read from a form
/// body. Nothing here is staged before Confirm.</summary>
/// <remarks>These stay dispatchers, not Hangfire commands (<c>AddCommand</c>): a command answers only 204 or 422 with
/// no body, while these stream a multipart body to the spool, answer JSON the page script follows (<c>location</c>,
/// <c>error</c>), or send a file.</remarks>
internal static class UploadActions
{
    public static IDashboardDispatcher Route(string method, Func<UploadRequestContext, Task> action) => new Dispatcher(method, action);

    /// <summary>POST /sync/upload (multipart, field <c>file</c>): spools the file, previews it with a dry-run import
    /// and answers <c>{"location": preview page}</c>.</summary>
    public static async Task ReceiveAsync(UploadRequestContext upload)
    {
        var services = upload.Http.RequestServices;
        upload.Spool.CleanOld(services.GetRequiredService<TimeProvider>().GetUtcNow());
        var receipt = await UploadReceiver.ReceiveAsync(upload.Http, upload.Spool, upload.MaxUploadBytes, upload.Http.RequestAborted);
        if (receipt.Token is not { } token)
        {
            await upload.JsonAsync(receipt.StatusCode, new { error = receipt.Error });
            return;
        }

        try
        {
            var previewer = ActivatorUtilities.CreateInstance<UploadPreviewer>(services);
            var preview = await previewer.PreviewAsync(upload.Spool, token, receipt.DisplayName, upload.User, upload.Http.RequestAborted);
            await upload.Spool.SavePreviewAsync(token, preview, upload.Http.RequestAborted);
            if (!preview.CanConfirm)
            {
                upload.Spool.DeleteData(token);
            }
        }
        catch
        {
            upload.Spool.Delete(token);
            throw;
        }

        await upload.JsonAsync(StatusCodes.Status200OK, new { location = upload.Url($"{SyncPage.UploadPath}/{token}") });
    }

    /// <summary>POST /sync/upload/confirm?token=T: stages the previewed file for real (same importer, channel
    /// <c>upload</c>, received by the dashboard user), keeps its row-error report under the import id, deletes the
    /// spool and starts a sync, as the drop folder does.</summary>
    public static async Task ConfirmAsync(UploadRequestContext upload)
    {
        if (await upload.FindOwnPreviewAsync() is not { } found)
        {
            await upload.JsonAsync(StatusCodes.Status404NotFound, new { error = "This upload is gone: it was confirmed, cancelled, or expired. Upload the file again." });
            return;
        }

        var (token, preview) = found;
        var data = upload.Spool.DataPath(token);
        if (!preview.CanConfirm || !File.Exists(data))
        {
            await upload.JsonAsync(StatusCodes.Status409Conflict, new { error = "This file has nothing to stage." });
            return;
        }

        if (!string.Equals(upload.Http.Request.Query["sha256"], preview.Sha256, StringComparison.Ordinal))
        {
            await upload.JsonAsync(StatusCodes.Status409Conflict, new { error = "This confirmation is not for the file previewed here (its SHA-256 differs). Reload the preview and confirm again." });
            return;
        }

        var services = upload.Http.RequestServices;
        ImportResult result;
        await using (var file = new FileStream(data, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            // Hashed and imported through the same open file: what is staged is what was hashed.
            if (await UploadPreviewer.ContentHashAsync(file, upload.Http.RequestAborted) != preview.Sha256)
            {
                upload.Spool.Delete(token);
                await upload.JsonAsync(StatusCodes.Status409Conflict, new { error = "The spooled file changed after the preview, so nothing was staged. Upload the file again." });
                return;
            }

            // Not the request's token: once the user confirmed, a closed tab must not abandon the import half-way.
            result = await services.GetRequiredService<CsvImporter>().ImportStreamAsync(
                file, preview.DisplayName, new ImportRequest(DryRun: false, ImportChannel.Upload, upload.User, ReportDirectory: upload.Spool.Folder), CancellationToken.None);
        }

        upload.Spool.Delete(token);
        if (result.ReportPath is { } report && File.Exists(report))
        {
            if (result.ImportId is { } id && result.Outcome is not ImportOutcome.AlreadyImported)
            {
                upload.Spool.KeepImportReport(report, id);
            }
            else
            {
                File.Delete(report);
            }
        }

        if (result.RowsAccepted > 0 && result.Outcome is not ImportOutcome.AlreadyImported)
        {
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("upload", CancellationToken.None));
        }

        await upload.JsonAsync(StatusCodes.Status200OK, new
        {
            location = upload.Url($"{SyncPage.Path}?import={result.ImportId}#sync-imports"),
            importId = result.ImportId,
            message = result.Message,
        });
    }

    /// <summary>POST /sync/upload/cancel?token=T: forgets the upload (spooled bytes, preview, report). Nothing was staged.</summary>
    public static async Task CancelAsync(UploadRequestContext upload)
    {
        if (await upload.FindOwnPreviewAsync() is { } found)
        {
            upload.Spool.Delete(found.Token);
        }

        await upload.JsonAsync(StatusCodes.Status200OK, new { location = upload.Url(SyncPage.Path) });
    }

    /// <summary>GET /sync/upload/report?token=T: the preview's row-error report, written by the importer's report
    /// writer (spreadsheet-safe: formula-like cells escaped, UTF-8 with BOM), to its uploader only.</summary>
    public static async Task PreviewReportAsync(UploadRequestContext upload)
    {
        if (await upload.FindOwnPreviewAsync() is not { } found)
        {
            upload.Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await SendReportAsync(upload, upload.Spool.ReportPath(found.Token), Path.GetFileNameWithoutExtension(found.Preview.DisplayName) + ".errors.csv");
    }

    /// <summary>GET /sync/import-report?id=N: the row-error report of a confirmed upload (Recent imports links it).
    /// Write rights only: the report repeats the rejected rows' original values.</summary>
    public static Task ImportReportAsync(UploadRequestContext upload)
    {
        if (!long.TryParse(upload.Http.Request.Query["id"], out var id) || id <= 0)
        {
            upload.Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return SendReportAsync(upload, upload.Spool.ImportReportPath(id), $"import-{id}.errors.csv");
    }

    private static async Task SendReportAsync(UploadRequestContext upload, string path, string fileName)
    {
        var response = upload.Http.Response;
        await using var report = upload.Spool.OpenReport(path);
        if (report is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        await report.CopyToAsync(response.Body, upload.Http.RequestAborted);
    }

    private sealed class Dispatcher(string method, Func<UploadRequestContext, Task> action) : IDashboardDispatcher
    {
        public async Task Dispatch(DashboardContext context)
        {
            var upload = UploadRequestContext.For(context);
            if (await upload.RefuseUnlessWriteAsync(method))
            {
                return;
            }

            try
            {
                await action(upload);
            }
            catch (ConfigurationException e) when (!upload.Http.Response.HasStarted)
            {
                // The spool folder is not private (any more): refuse, and say why.
                await upload.JsonAsync(StatusCodes.Status500InternalServerError, new { error = e.Message });
            }
        }
    }
}
