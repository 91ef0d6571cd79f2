# gazette in a container: for CI systems without a Rust toolchain, and for previews.
# The working folder is the site; the default command is `gazette build`.
#
#   docker build -t gazette .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" gazette
#   docker run --rm -it -u "$(id -u):$(id -g)" -v "$PWD:/site" -p 1111:1111 \
#       gazette serve --bind 0.0.0.0
#
# (`--bind 0.0.0.0` is needed inside a container for the published port to reach the
# preview; gazette warns that the preview is then open to the network, and `-p` limits it.)

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/gazette

FROM debian:bookworm-slim
COPY --from=build /src/target/release/gazette /usr/local/bin/gazette
WORKDIR /site
ENTRYPOINT ["gazette"]
CMD ["build"]
