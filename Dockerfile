# thesis in a container: `thesis serve` for a project mounted at /project (the live preview,
# model serving and the dashboard on port 8000).
#   docker build -t thesis .
#   docker run --rm -p 127.0.0.1:8000:8000 -v "$PWD:/project" thesis
# Built from the steps the repository's CI proves on a fresh Debian machine: Scripts/setup.sh
# installs the Debian packages, `make build` builds the tool. No container engine runs in CI, so
# the image itself is not built there; `make lint-docker` checks this file with hadolint.

# Build: the Swift toolchain on Debian 12 (the CI machine's Debian).
FROM swift:6.3.1-bookworm AS build
WORKDIR /src
COPY . .
RUN Scripts/setup.sh && make build && install -D .build/release/thesis /out/thesis

# Run: slim Debian with the same packages and the Swift runtime libraries the tool links.
FROM debian:bookworm-slim
COPY Scripts/setup.sh /usr/local/share/thesis/setup.sh
RUN /usr/local/share/thesis/setup.sh && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/lib/swift/linux/ /usr/lib/swift/linux/
RUN echo /usr/lib/swift/linux > /etc/ld.so.conf.d/swift.conf && ldconfig
COPY --from=build /out/thesis /usr/local/bin/thesis
RUN useradd --create-home --uid 1000 author
USER 1000:1000
WORKDIR /project
EXPOSE 8000
# Inside the container the server must listen on every interface for -p to reach it; publish the
# port on 127.0.0.1 only (as above) to keep it on this machine.
CMD ["thesis", "serve", "--host", "0.0.0.0", "--port", "8000", "--quiet"]
