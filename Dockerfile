# The connector (src/Connector.Host). Build from the repo root: docker build -t partner-sync .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from project files only, so code edits do not re-download packages.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Connector/Connector.csproj src/Connector/
COPY src/PartnerCentral.Emulator/PartnerCentral.Emulator.csproj src/PartnerCentral.Emulator/
COPY src/Connector.Host/Connector.Host.csproj src/Connector.Host/
RUN dotnet restore src/Connector.Host/Connector.Host.csproj
COPY src/ src/
# Migrations are embedded in the library and config/*.json is copied next to the binary, so both are needed here.
COPY migrations/ migrations/
COPY config/ config/
RUN dotnet publish src/Connector.Host/Connector.Host.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# A named volume mounted here inherits this ownership, so the non-root app user can move processed files.
RUN mkdir -p /data/drop && chown "$APP_UID" /data/drop
USER $APP_UID
ENV Sources__CsvDropFolder=/data/drop
ENTRYPOINT ["dotnet", "connector.dll"]
CMD ["serve"]
