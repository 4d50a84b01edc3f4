//! `certkit config java` used by the real consumer: a small Java HTTPS client (Debian's JDK,
//! run as a single source file) started with the emitted `javax.net.ssl.*` properties
//! against `openssl s_server -Verify`, which accepts only a client certificate from the test
//! root.

mod common;

use common::{client_certificate_cases, json, Env, Spec};

const CLIENT: &str = r#"
import java.net.URL;
import javax.net.ssl.HttpsURLConnection;

public class Client {
    public static void main(String[] args) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) new URL(args[0]).openConnection();
        c.setConnectTimeout(20000);
        c.setReadTimeout(20000);
        System.out.println("status " + c.getResponseCode());
        System.out.println(new String(c.getInputStream().readAllBytes()));
    }
}
"#;

#[test]
fn java_client_presents_the_certificate_with_the_emitted_properties() {
    let env = Env::new();
    let pki = env.pki();
    client_certificate_cases(&env, &pki);
    let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
    let root = pki.root.cert.display().to_string();
    let out = env
        .certkit()
        .args(["--json", "config", "java", "--cert", "billing=good.pfx"])
        .args(["--password", "secret", "--ca", &root, "--out-dir", "out"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    // The properties as the report gives them; the keystore password from the file it names.
    let mut properties = Vec::new();
    for setting in doc["settings"].as_array().unwrap() {
        let name = setting["name"].as_str().unwrap();
        let value = match setting["value"].as_str() {
            Some(v) => v.to_string(),
            None => {
                assert_eq!(setting["secret"], true);
                let location = setting["secret_file"].as_str().unwrap();
                let file = location.strip_prefix("the file ").unwrap();
                std::fs::read_to_string(file).unwrap().trim().to_string()
            }
        };
        properties.push(format!("-D{name}={value}"));
    }
    assert!(properties
        .iter()
        .any(|p| p.starts_with("-Djavax.net.ssl.keyStore=")));
    assert!(properties
        .iter()
        .any(|p| p.starts_with("-Djavax.net.ssl.trustStore=")));
    // The printed JVM options never carry the password itself.
    let options = doc["snippets"][0]["text"].as_str().unwrap();
    assert!(options.contains("keyStorePassword=\"$(cat "), "{options}");

    let cert = server.cert.display().to_string();
    let key = server.key.display().to_string();
    let s_server = env.start_server("s_server", "openssl", move |port| {
        [
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            &cert,
            "-key",
            &key,
            "-CAfile",
            &root,
            "-Verify",
            "2",
            "-verify_return_error",
            "-www",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    });
    let source = env.write("Client.java", CLIENT);
    let url = format!("https://localhost:{}/", s_server.port);
    let run = |props: &[String]| {
        std::process::Command::new("java")
            .args(props)
            .arg(&source)
            .arg(&url)
            .current_dir(env.dir.path())
            .output()
            .expect("java (openjdk-17-jdk-headless)")
    };
    let accepted = run(&properties);
    let stdout = String::from_utf8_lossy(&accepted.stdout);
    assert!(
        accepted.status.success() && stdout.contains("status 200"),
        "{stdout}\n{}\n{}",
        String::from_utf8_lossy(&accepted.stderr),
        s_server.log()
    );
    assert!(stdout.contains("client.example.com"), "{stdout}");

    // Only the trust settings, no keystore: the server refuses the handshake.
    let trust_only: Vec<String> = properties
        .iter()
        .filter(|p| p.contains("trustStore"))
        .cloned()
        .collect();
    let refused = run(&trust_only);
    assert!(
        !refused.status.success(),
        "accepted without a client certificate"
    );
}
