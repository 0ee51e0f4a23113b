using Connector.Jobs;
using Connector.Sources;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Dashboard.Upload;

/// <summary>POST /sync/upload/confirm?token=T: stages the previewed file for real (same importer, channel
/// <c>upload</c>, received by the dashboard user), keeps its row-error report under the import id, deletes the
/// spool and starts a sync, as the drop folder does.</summary>
public sealed class UploadConfirmDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var upload = UploadRequestContext.For(context);
        if (await upload.RefuseUnlessWriteAsync(HttpMethods.Post))
        {
            return;
        }

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

        var services = upload.Http.RequestServices;
        ImportResult result;
        await using (var file = new FileStream(data, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
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
}
