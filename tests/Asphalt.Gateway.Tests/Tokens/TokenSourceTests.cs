using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Tokens;
using Asphalt.Hosting.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Tests.Tokens;

public class TokenSourceTests
{
    private static ConfiguredTokenSource Source(DiscordOptions options) => new(Options.Create(options), new HttpClient());

    [Fact]
    public async Task A_configured_token_is_trimmed_registered_with_the_redactor_and_cached()
    {
        var token = "cfg-" + Guid.NewGuid().ToString("N");
        var source = Source(new DiscordOptions { Token = $"  Bot {token}\n" });
        Assert.Equal(token, await source.GetTokenAsync(CancellationToken.None));
        Assert.Equal($"connecting with {SecretRedactor.Mask}", SecretRedactor.Redact($"connecting with {token}"));
    }

    [Fact]
    public async Task A_token_file_is_read_once()
    {
        var token = "file-" + Guid.NewGuid().ToString("N");
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, token + "\n");
        var source = Source(new DiscordOptions { TokenFile = path });
        Assert.Equal(token, await source.GetTokenAsync(CancellationToken.None));
        File.Delete(path);
        Assert.Equal(token, await source.GetTokenAsync(CancellationToken.None));
        Assert.DoesNotContain(token, SecretRedactor.Redact(token));
    }

    [Fact]
    public async Task A_missing_token_file_says_which_setting_to_check()
    {
        var source = Source(new DiscordOptions { TokenFile = "/nonexistent/discord-token" });
        var failure = await Assert.ThrowsAsync<DiscordTokenUnavailableException>(() => source.GetTokenAsync(CancellationToken.None).AsTask());
        Assert.Contains("Discord:TokenFile", failure.Message);
    }

    [Theory]
    [InlineData("text/plain", "{0}")]
    [InlineData("application/json", "{{\"token\":\"{0}\"}}")]
    public async Task A_token_url_is_asked_with_the_bearer_secret(string contentType, string bodyFormat)
    {
        var token = "url-" + Guid.NewGuid().ToString("N");
        await using var server = await TokenServer.StartAsync("s3cret-value", contentType, string.Format(bodyFormat, token));
        var source = Source(new DiscordOptions { TokenUrl = server.Url, TokenUrlSecret = "s3cret-value" });
        Assert.Equal(token, await source.GetTokenAsync(CancellationToken.None));
        Assert.DoesNotContain(token, SecretRedactor.Redact($"token={token}"));
    }

    [Fact]
    public async Task A_wrong_secret_is_reported_without_the_token()
    {
        await using var server = await TokenServer.StartAsync("right-secret", "text/plain", "never-shown-token");
        var source = Source(new DiscordOptions { TokenUrl = server.Url, TokenUrlSecret = "wrong-secret" });
        var failure = await Assert.ThrowsAsync<DiscordTokenUnavailableException>(() => source.GetTokenAsync(CancellationToken.None).AsTask());
        Assert.Contains("401", failure.Message);
        Assert.Contains("Discord:TokenUrlSecret", failure.Message);
    }

    [Fact]
    public void Without_any_token_source_the_gateway_refuses_to_start_and_says_how_to_give_one()
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions());
        Assert.True(result.Failed);
        foreach (var hint in new[] { "Discord__Token", "Discord__TokenFile", "Discord__TokenUrl", "sandbox" })
            Assert.Contains(hint, result.FailureMessage);
    }

    [Fact]
    public void A_token_url_must_be_https_unless_it_is_loopback()
    {
        var remote = new DiscordOptionsValidator().Validate(null, new DiscordOptions { TokenUrl = "http://secrets.example/token", TokenUrlSecret = "x" });
        Assert.Contains("must be https", remote.FailureMessage);
        var loopback = new DiscordOptionsValidator().Validate(null, new DiscordOptions { TokenUrl = "http://127.0.0.1:9/token", TokenUrlSecret = "x" });
        Assert.True(loopback.Succeeded, loopback.FailureMessage);
    }

    [Fact]
    public void Shard_settings_that_contradict_each_other_are_refused()
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions { Token = "t", ShardCount = 4, ShardIds = "2-5" });
        Assert.Contains("names shard 5", result.FailureMessage);
    }

    /// <summary>A real HTTP endpoint on loopback that answers the token to the right bearer secret.</summary>
    private sealed class TokenServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private TokenServer(WebApplication app, string url) { _app = app; Url = url; }
        public string Url { get; }

        public static async Task<TokenServer> StartAsync(string secret, string contentType, string body)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/token", (HttpContext http) =>
                http.Request.Headers.Authorization == $"Bearer {secret}" ? Results.Text(body, contentType) : Results.StatusCode(401));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new TokenServer(app, address + "/token");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
