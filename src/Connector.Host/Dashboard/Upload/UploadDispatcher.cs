using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Dashboard.Upload;

/// <summary>POST /sync/upload (multipart, field <c>file</c>): spools the file, previews it with a dry-run import and
/// answers <c>{"location": preview page}</c>. Nothing is staged here. The antiforgery token travels in the
/// dashboard's header (checked by the dashboard middleware before this runs), never in the form body.</summary>
public sealed class UploadDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var upload = UploadRequestContext.For(context);
        if (await upload.RefuseUnlessWriteAsync(HttpMethods.Post))
        {
            return;
        }

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
}
