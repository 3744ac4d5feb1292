using System.Net.Http.Headers;
using System.Text.Json;
using Asphalt.Hosting.Logging;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Discord.Tokens;

/// <summary>
/// Reads the token from the first configured of <c>Discord:Token</c>, <c>Discord:TokenFile</c>
/// and <c>Discord:TokenUrl</c> (an authenticated HTTPS endpoint answering the token as its body or as
/// JSON <c>{"token": "..."}</c>), registers it with <see cref="SecretRedactor"/> and caches it.
/// </summary>
public sealed class ConfiguredTokenSource(IOptions<DiscordOptions> options, HttpClient http) : IDiscordTokenSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is not null) return _token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null) return _token;
            var token = Normalize(await ReadAsync(options.Value, cancellationToken));
            SecretRedactor.Register(token);
            if (token.Length == 0)
                throw new DiscordTokenUnavailableException("The configured Discord token source gave an empty token. " + DiscordOptionsValidator.MissingTokenMessage);
            return _token = token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> ReadAsync(DiscordOptions o, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(o.Token)) return o.Token;
        if (!string.IsNullOrWhiteSpace(o.TokenFile))
        {
            try
            {
                return await File.ReadAllTextAsync(o.TokenFile, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DiscordTokenUnavailableException(
                    $"Cannot read the Discord token file '{o.TokenFile}' (Discord:TokenFile): {e.Message}. Check that the secret is mounted there and readable.", e);
            }
        }
        if (!string.IsNullOrWhiteSpace(o.TokenUrl)) return await FetchAsync(o.TokenUrl, o.TokenUrlSecret, ct);
        throw new DiscordTokenUnavailableException(DiscordOptionsValidator.MissingTokenMessage);
    }

    private async Task<string> FetchAsync(string url, string? secret, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(secret)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DiscordTokenUnavailableException($"Cannot reach the Discord token endpoint (Discord:TokenUrl, host {new Uri(url).Host}): {e.Message}.", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new DiscordTokenUnavailableException(
                    $"The Discord token endpoint (Discord:TokenUrl, host {new Uri(url).Host}) answered {(int)response.StatusCode}" +
                    ((int)response.StatusCode is 401 or 403 ? ": check Discord:TokenUrlSecret." : "."));
            var body = (await response.Content.ReadAsStringAsync(ct)).Trim();
            if (!body.StartsWith('{')) return body;
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String) return t.GetString()!;
            }
            catch (JsonException)
            {
            }
            throw new DiscordTokenUnavailableException("The Discord token endpoint answered JSON without a string \"token\" field.");
        }
    }

    /// <summary>Trims whitespace and a "Bot " prefix someone pasted along with the token.</summary>
    internal static string Normalize(string raw)
    {
        var token = raw.Trim();
        return token.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase) ? token[4..].Trim() : token;
    }
}
