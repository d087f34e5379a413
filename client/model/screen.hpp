// screen.hpp — which top-level view is shown: the app's navigation state, which features read to
// fetch only what is on screen.
#pragma once

namespace yishi::client {

enum class Screen { Home, Directory, Feedback, FeedbackQueue, Me,
                    Committee, Moderation };  // the top-level views ([committee], [moderation]: from 我的)

}  // namespace yishi::client
