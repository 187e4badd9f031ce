using System.Text.Json.Nodes;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Delivery;

/// <summary>Every control of the seed's hardening table, in each file operators apply.</summary>
public sealed class HardeningTests
{
    public static TheoryData<string> CortexServices => ["migrator", "gateway", "economy", "ai"];

    [Theory]
    [MemberData(nameof(CortexServices))]
    public void The_compose_override_hardens_every_service(string service)
    {
        var spec = Yaml.Load("deploy", "compose", "docker-compose.hardened.yml").At("services", service);

        Assert.Equal(["ALL"], spec.At("cap_drop").Items());
        Assert.Contains("no-new-privileges:true", spec.At("security_opt").Items());
        var seccomp = spec.At("security_opt").Items().Single(o => o.StartsWith("seccomp:", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Find(), seccomp["seccomp:".Length..])), seccomp);
        Assert.Equal("true", spec.At("read_only").Text());
        Assert.Equal("1654:1654", spec.At("user").Text());
        var tmp = spec.At("tmpfs").Items().Single(t => t.StartsWith("/tmp:", StringComparison.Ordinal));
        Assert.Contains("noexec", tmp, StringComparison.Ordinal);
        Assert.Contains("nosuid", tmp, StringComparison.Ordinal);
        Assert.Contains("size=128m", tmp, StringComparison.Ordinal);
        Assert.Equal("1g", spec.At("mem_limit").Text());
        Assert.Equal("1g", spec.At("memswap_limit").Text());
        Assert.Equal("1.5", spec.At("cpus").Text());
        Assert.Equal("256", spec.At("pids_limit").Text());
    }

    [Fact]
    public void The_compose_override_disables_traffic_between_containers_and_keeps_data_internal()
    {
        var compose = Yaml.Load("deploy", "compose", "docker-compose.hardened.yml");

        Assert.Equal("false", compose.At("networks", "egress", "driver_opts", "com.docker.network.bridge.enable_icc").Text());
        Assert.Equal("true", compose.At("networks", "backend", "internal").Text());
        Assert.Equal(["backend"], compose.At("services", "redis", "networks").Items());
        Assert.Equal(["backend"], compose.At("services", "postgres", "networks").Items());
    }

    [Fact]
    public void The_seccomp_profile_denies_by_default_and_allows_only_what_dotnet_needs()
    {
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "deploy", "compose", "seccomp-dotnet.json")))!;
        var allowed = profile["syscalls"]!.AsArray()
            .Where(rule => (string?)rule!["action"] == "SCMP_ACT_ALLOW")
            .SelectMany(rule => rule!["names"]!.AsArray().Select(name => (string)name!))
            .ToHashSet();

        Assert.Equal("SCMP_ACT_ERRNO", (string?)profile["defaultAction"]);
        // The runtime's threads, GC, async sockets and Kestrel.
        Assert.Superset(new HashSet<string> { "futex", "clone3", "epoll_wait", "epoll_pwait", "mmap", "madvise", "membarrier", "accept4", "sendmsg", "recvmsg", "getrandom", "rseq" }, allowed);
        // Escapes and kernel surface a bot never needs.
        foreach (var forbidden in new[] { "ptrace", "mount", "umount2", "bpf", "keyctl", "add_key", "unshare", "setns", "init_module", "finit_module", "reboot", "kexec_load", "pivot_root", "process_vm_writev", "userfaultfd", "perf_event_open" })
        {
            Assert.DoesNotContain(forbidden, allowed);
        }
    }

    [Fact]
    public void The_kubernetes_patch_carries_the_same_controls()
    {
        var pod = Yaml.Load("deploy", "kubernetes", "hardening-patch.yaml").At("spec", "template", "spec");
        var container = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)pod.At("containers")).Children.Single();

        Assert.Equal("true", pod.At("securityContext", "runAsNonRoot").Text());
        Assert.Equal("1654", pod.At("securityContext", "runAsUser").Text());
        Assert.Equal("Localhost", pod.At("securityContext", "seccompProfile", "type").Text());
        Assert.Equal("false", container.At("securityContext", "allowPrivilegeEscalation").Text());
        Assert.Equal("true", container.At("securityContext", "readOnlyRootFilesystem").Text());
        Assert.Equal(["ALL"], container.At("securityContext", "capabilities", "drop").Items());
        Assert.Equal("1Gi", container.At("resources", "limits", "memory").Text());
        Assert.Equal("1500m", container.At("resources", "limits", "cpu").Text());
        Assert.Equal("/tmp", ((YamlDotNet.RepresentationModel.YamlSequenceNode)container.At("volumeMounts")).Children.Single().At("mountPath").Text());
        Assert.Equal("128Mi", ((YamlDotNet.RepresentationModel.YamlSequenceNode)pod.At("volumes")).Children.Single().At("emptyDir", "sizeLimit").Text());
    }

    [Fact]
    public void The_network_policy_blocks_private_ranges_for_egress()
    {
        var policy = Yaml.Load("deploy", "kubernetes", "network-policy.yaml");
        var internet = ((YamlDotNet.RepresentationModel.YamlSequenceNode)policy.At("spec", "egress")).Children
            .Select(rule => ((YamlDotNet.RepresentationModel.YamlSequenceNode)rule.At("to")).Children.Single())
            .Single(to => to.Find("ipBlock") is not null);

        Assert.Equal("0.0.0.0/0", internet.At("ipBlock", "cidr").Text());
        Assert.Superset(new HashSet<string> { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16" }, internet.At("ipBlock", "except").Items().ToHashSet());
    }
}
