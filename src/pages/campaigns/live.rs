//! The open page of a running campaign follows the sending: every fifteen seconds, while the tab
//! is visible, it asks the server for the campaign's stamp and loads again when it moved (the
//! page has no field to lose, only buttons). Without JavaScript a reload shows the same.

use leptos::prelude::*;

/// Renders nothing; asks for `id`'s stamp and reloads the page when it is no longer `stamp`.
#[island]
pub fn FollowCampaign(id: String, stamp: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use crate::api::campaigns::campaign_stamp;
        fn ask(id: String, stamp: String) {
            set_timeout(
                move || {
                    if document().hidden() {
                        return ask(id, stamp);
                    }
                    leptos::task::spawn_local(async move {
                        match campaign_stamp(id.clone()).await {
                            Ok(Some(now)) if now != stamp => {
                                let _ = window().location().reload();
                            }
                            // The same, or a moment without the server: ask again later.
                            Ok(Some(_)) | Err(_) => ask(id, stamp),
                            // Signed out or gone: stop asking.
                            Ok(None) => {}
                        }
                    });
                },
                std::time::Duration::from_secs(15),
            );
        }
        ask(id, stamp);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, stamp);
}
