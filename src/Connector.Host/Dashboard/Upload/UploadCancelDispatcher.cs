using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Connector.Host.Dashboard.Upload;

/// <summary>POST /sync/upload/cancel?token=T: forgets the upload (spooled bytes, preview, report). Nothing was staged.</summary>
public sealed class UploadCancelDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var upload = UploadRequestContext.For(context);
        if (await upload.RefuseUnlessWriteAsync(HttpMethods.Post))
        {
            return;
        }

        if (await upload.FindOwnPreviewAsync() is { } found)
        {
            upload.Spool.Delete(found.Token);
        }

        await upload.JsonAsync(StatusCodes.Status200OK, new { location = upload.Url(SyncPage.Path) });
    }
}
