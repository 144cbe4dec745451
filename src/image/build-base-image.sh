#!/usr/bin/env bash
# Builds a JRE 17 base image from Debian's own packages, for when no registry can be reached (the
# image integration test, air-gapped builds): debootstrap --variant=minbase bookworm plus
# openjdk-17-jre-headless and libgomp1 (XGBoost4J's native library needs libgomp.so.1), written as a `docker save`-style tarball that Jib takes as
# <from><image>tar:///path</image></from>.
#
# usage: src/image/build-base-image.sh OUTPUT.tar
#   Does nothing when OUTPUT.tar exists (delete it to rebuild). Needs root and debootstrap
#   (.ci/run installs it); DEBIAN_MIRROR overrides the mirror. Takes a few minutes, once.
set -euo pipefail
out=${1:?usage: build-base-image.sh OUTPUT.tar}
[[ -s $out ]] && { echo "base image: $out exists"; exit 0; }
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d "${TMPDIR:-/tmp}/nightscore-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs" "$work/image" "$(dirname "$out")"

echo "base image: debootstrap bookworm + openjdk-17-jre-headless from $mirror (once; a few minutes)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,libgomp1 bookworm "$work/rootfs" "$mirror" \
	>"$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/* \
	"$work/rootfs"/var/log/* "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/*
# a container runtime mounts /dev, /proc and /sys itself
find "$work/rootfs/dev" "$work/rootfs/proc" "$work/rootfs/sys" -mindepth 1 -delete 2>/dev/null || true
chmod 1777 "$work/rootfs/tmp"

tar --numeric-owner --sort=name --mtime='2026-01-01 00:00:00Z' -C "$work/rootfs" -cf "$work/image/layer.tar" .
diff_id=$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)
java_home=/usr/lib/jvm/java-17-openjdk-amd64
[[ -x $work/rootfs$java_home/bin/java ]] || { echo "base image: no $java_home/bin/java in the root" >&2; exit 1; }
cat >"$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"2026-01-01T00:00:00Z","created_by":"debootstrap --variant=minbase --include=openjdk-17-jre-headless,libgomp1 bookworm"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["nightscore-base:bookworm-jre17"],"Layers":["layer.tar"]}]' \
	>"$work/image/manifest.json"
tar -C "$work/image" -cf "$out.partial" manifest.json config.json layer.tar
mv "$out.partial" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1))"
